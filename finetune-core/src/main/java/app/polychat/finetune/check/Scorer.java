package app.polychat.finetune.check;

import java.util.List;

/**
 * Judges answers for one use case: the model comparison ({@code ModelComparison} in
 * finetune-bedrock) calls it for every answer of every model and reports the mean score, the share
 * of fully compliant answers, and each check's pass rate. Bring your own for a use case other than
 * Strudel; implementations must be thread-safe.
 *
 * <pre>{@code
 * Scorer json = new Scorer() {
 *   public String name() { return "json"; }
 *   public List<String> checks() { return List.of("parses"); }
 *   public Score score(String prompt, String answer, String reference) {
 *     return Score.ofChecks(Map.of("parses", isJson(answer)));
 *   }
 * };
 * }</pre>
 */
public interface Scorer {

  /**
   * A short name for reports ({@code strudel}).
   *
   * @return the scorer's name, lower case without spaces
   */
  String name();

  /**
   * The names of the checks {@link #score} reports, in order; empty for a numeric scorer.
   *
   * @return the check names, in the order of {@link Score}'s checks
   */
  List<String> checks();

  /**
   * What each check means, for the report's legend; by default the names themselves.
   *
   * @param check one of {@link #checks()}
   * @return a one-line description of the check for the report's legend
   */
  default String describe(String check) {
    return check;
  }

  /**
   * Scores one answer.
   *
   * @param prompt the user prompt the model answered
   * @param answer the model's answer
   * @param reference the held-out answer from the dataset (the teacher's), or null when none
   * @return the answer's score from 0 to 1, with each check's pass or fail for a rule-based scorer
   */
  Score score(String prompt, String answer, String reference);

  /**
   * {@return this scorer plus one check per answer check, named {@code valid-<check name>}: the
   * model comparison then reports each model's validity rate (the share of answers that pass, e.g.
   * run in the real engine) next to the other checks} The returned scorer does not close the
   * checks.
   *
   * @param answerChecks the answer checks to add
   */
  default Scorer withChecks(AnswerChecks answerChecks) {
    return answerChecks.isEmpty() ? this : new CheckingScorer(this, answerChecks);
  }
}
