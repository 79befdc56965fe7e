package app.polychat.finetune.cli;

import app.polychat.finetune.Generation;
import app.polychat.finetune.generate.GenerationIncompleteException;
import app.polychat.finetune.generate.GenerationResult;
import app.polychat.finetune.generate.Shortfall;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the generating commands say when a dataset is not complete: how many requests are missing,
 * why, and the exact command that completes it; and the exit code that tells a script so.
 */
final class Shortfalls {
  /**
   * Exit code of a command whose dataset is short: requests are missing and nothing was written.
   */
  static final int DATASET_SHORT = 3;

  /** Options that must not be repeated by the command that completes a run. */
  private static final Set<String> DROPPED = Set.of("--fresh", "--allow-partial");

  private Shortfalls() {}

  /**
   * Prints why no dataset was written and what to run, and returns the exit code: {@link
   * #DATASET_SHORT} for a short dataset a rerun can complete, 1 for a stopped run or one without a
   * usable example.
   */
  static int report(
      Context context, GenerationIncompleteException e, CommandSpec spec, int maxAttempts) {
    GenerationResult result = e.result();
    Shortfall s = result.shortfall();
    var err = context.err();
    if (e.stopped()) {
      err.println("error: generation stopped: " + result.stoppedReason() + ".");
      err.println("  " + s.describe() + "; every answer received is kept in the journal.");
      err.println("  Once the cause is fixed, this completes it: " + command(context, spec, s, 0));
      err.flush();
      return 1;
    }
    if (s.complete()) {
      err.println("error: no usable example: " + s.describe() + "; no dataset was written.");
      reasons(err, "Dropped", result.dropsByReason());
      err.println("  Change the prompts or the filters: asking again gives the same drops.");
      err.flush();
      return 1;
    }
    err.println("error: the dataset is short: " + s.describe() + "; no dataset was written.");
    reasons(err, "Failures", result.failuresByReason());
    if (s.retryable() > 0 && !retryOff(spec)) {
      err.println(
          "  To ask again for the "
              + s.retryable()
              + " missing requests, run: "
              + command(context, spec, s, 0));
    } else if (s.exhausted() > 0) {
      err.println(
          "  "
              + s.exhausted()
              + " requests failed "
              + maxAttempts
              + " times (the attempt cap). To ask once more, run: "
              + command(context, spec, s, maxAttempts + 1));
    } else {
      err.println("  To ask again for the failures, run: " + command(context, spec, s, 0));
    }
    err.println(
        "  To accept the dataset as it is, add --allow-partial"
            + (result.examples() == 0 ? " (not possible: it has no example)" : "")
            + ".");
    err.flush();
    return DATASET_SHORT;
  }

  /** The line a partial dataset accepted with {@code --allow-partial} gets. */
  static void partial(Terminal t, Generation generation) {
    Shortfall s = generation.shortfall();
    if (!s.complete()) {
      t.println(
          t.yellow(
              "Partial dataset (accepted with --allow-partial): "
                  + s.describe()
                  + ". Run the same command without --allow-partial to ask for the rest."));
    }
  }

  /**
   * The same command line, minus what would not complete the run ({@code --fresh}, {@code
   * --no-retry-failed}, {@code --allow-partial}), with the API key's value hidden and, when {@code
   * raiseCap} is above zero, {@code --max-attempts raiseCap}.
   */
  static String command(Context context, CommandSpec spec, Shortfall s, int raiseCap) {
    List<String> args = new ArrayList<>(spec.root().commandLine().getParseResult().originalArgs());
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      boolean inline = arg.contains("=");
      if (DROPPED.contains(name) || (name.equals("--no-retry-failed") && s.failed() > 0)) {
        continue;
      }
      if (name.equals("--max-attempts") && raiseCap > 0) {
        i += inline ? 0 : 1;
        continue;
      }
      if (name.equals("--api-key")) {
        kept.add("--api-key");
        kept.add("<your key>");
        i += inline ? 0 : 1;
        continue;
      }
      kept.add(quote(arg));
    }
    if (raiseCap > 0) {
      kept.add("--max-attempts");
      kept.add(Integer.toString(raiseCap));
    }
    String launcher =
        Files.isExecutable(context.workDir().resolve("finetune")) ? "./finetune" : "finetune";
    return launcher + " " + String.join(" ", kept);
  }

  private static boolean retryOff(CommandSpec spec) {
    return spec.root().commandLine().getParseResult().originalArgs().contains("--no-retry-failed");
  }

  private static String quote(String arg) {
    return arg.matches("[A-Za-z0-9_./:=,@+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }

  private static void reasons(java.io.PrintWriter err, String title, Map<String, Integer> counts) {
    if (counts.isEmpty()) {
      return;
    }
    err.println("  " + title + ":");
    counts.forEach((reason, n) -> err.println(String.format("    %4d  %s", n, reason)));
  }
}
