package app.polychat.finetune.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A scorer with answer checks added as checks ({@link Scorer#withChecks}). */
final class CheckingScorer implements Scorer {
  private static final String PREFIX = "valid-";

  private final Scorer scorer;
  private final AnswerChecks answerChecks;
  private final List<String> checks;

  CheckingScorer(Scorer scorer, AnswerChecks answerChecks) {
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    this.answerChecks = Objects.requireNonNull(answerChecks, "answerChecks");
    List<String> all = new ArrayList<>(scorer.checks());
    answerChecks.names().forEach(n -> all.add(PREFIX + n));
    this.checks = List.copyOf(all);
  }

  @Override
  public String name() {
    return scorer.name() + "+" + String.join("+", answerChecks.names());
  }

  @Override
  public List<String> checks() {
    return checks;
  }

  @Override
  public String describe(String check) {
    if (check.startsWith(PREFIX)
        && answerChecks.names().contains(check.substring(PREFIX.length()))) {
      return "passes the " + check.substring(PREFIX.length()) + " answer check (validity rate)";
    }
    return scorer.describe(check);
  }

  @Override
  public Score score(String prompt, String answer, String reference) {
    Score base = scorer.score(prompt, answer, reference);
    Map<String, Boolean> all = new LinkedHashMap<>(base.checks());
    for (CheckResult r : answerChecks.check(answer).results()) {
      all.put(PREFIX + r.check(), r.passed());
    }
    return all.isEmpty() ? base : Score.ofChecks(all);
  }
}
