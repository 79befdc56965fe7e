package app.polychat.finetune.cli;

import app.polychat.finetune.check.AnswerCheck;
import app.polychat.finetune.check.AnswerChecks;
import app.polychat.finetune.check.ValiditySummary;
import app.polychat.finetune.strudel.StrudelEngine;
import app.polychat.finetune.strudel.StrudelEngineCheck;
import app.polychat.finetune.support.FineTuneException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --check NAME} and its settings, shared by the commands that run answer checks. */
final class CheckOptions {
  @Option(
      names = "--check",
      paramLabel = "NAME",
      split = ",",
      description =
          "Answer check to run on every answer: strudel (runs it in the real Strudel engine; needs"
              + " Node.js 20.6+ and 'finetune strudel setup'). Repeatable.")
  List<String> names = new ArrayList<>();

  @Option(
      names = "--engine",
      paramLabel = "DIR",
      description =
          "Strudel engine folder (default: FINETUNE_STRUDEL_ENGINE, else"
              + " ~/.cache/finetune/strudel-engine).")
  Path engine;

  @Option(
      names = "--check-timeout",
      paramLabel = "SECONDS",
      description = "How long one answer may run in a check (default: ${DEFAULT-VALUE}).",
      defaultValue = "5")
  double timeoutSeconds;

  boolean any() {
    return !names.isEmpty();
  }

  /** The checks named with --check, verified (so a missing tool is reported before any work). */
  AnswerChecks open(Context context) {
    List<AnswerCheck> checks = new ArrayList<>();
    try {
      for (String name : names) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
          case "strudel" -> checks.add(strudel(context));
          default ->
              throw new FineTuneException(
                  "--check must be strudel, was '" + name + "' (the one check finetune ships)");
        }
      }
      AnswerChecks all = AnswerChecks.of(checks);
      all.verify();
      return all;
    } catch (RuntimeException e) {
      checks.forEach(AnswerCheck::close);
      throw e;
    }
  }

  private StrudelEngineCheck strudel(Context context) {
    if (timeoutSeconds <= 0) {
      throw new IllegalArgumentException("--check-timeout must be positive, was " + timeoutSeconds);
    }
    StrudelEngineCheck.Builder b =
        StrudelEngineCheck.builder()
            .engine(engine(context, engine))
            .timeout(Duration.ofMillis(Math.round(timeoutSeconds * 1000)));
    context.settings().get("FINETUNE_NODE").ifPresent(b::node);
    return b.build();
  }

  /** --engine, else FINETUNE_STRUDEL_ENGINE from the environment or .env, else the default. */
  static StrudelEngine engine(Context context, Path given) {
    if (given != null) {
      return StrudelEngine.at(context.path(given));
    }
    return context
        .settings()
        .get(StrudelEngine.ENV)
        .map(dir -> StrudelEngine.at(context.path(Path.of(dir))))
        .orElseGet(StrudelEngine::atDefaultLocation);
  }

  /** Prints a summary: the rate, the failures by reason, the first failures, the timing. */
  static void print(Terminal t, ValiditySummary s, int examples) {
    t.println("Validity: " + s.rateText());
    if (!s.failuresByReason().isEmpty()) {
      t.println("  failures by reason:");
      s.failuresByReason().forEach((reason, n) -> t.println("    " + reason + ": " + n));
    }
    s.examples().stream().limit(examples).forEach(e -> t.println("  " + e));
    for (Map.Entry<String, ValiditySummary.Timing> e : s.timings().entrySet()) {
      t.println("  check " + e.getKey() + ": " + e.getValue().text());
    }
  }
}
