package app.polychat.finetune.check;

import java.util.List;
import java.util.Optional;

/**
 * What every check of an {@link AnswerChecks} said about one answer.
 *
 * @param results one result per check, in the checks' order
 */
public record CheckOutcome(List<CheckResult> results) {
  /**
   * Copies the results, so the outcome is immutable.
   *
   * @param results one result per check, in the checks' order
   */
  public CheckOutcome {
    results = List.copyOf(results);
  }

  /** {@return whether every check passed (true when there are no checks)} */
  public boolean passed() {
    return results.stream().allMatch(CheckResult::passed);
  }

  /** {@return the first failed check's result, if any} */
  public Optional<CheckResult> firstFailure() {
    return results.stream().filter(r -> !r.passed()).findFirst();
  }
}
