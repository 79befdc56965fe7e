package app.polychat.finetune.check;

import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.format.DatasetFormatException;
import app.polychat.finetune.format.DatasetFormatter;
import app.polychat.finetune.format.JsonlReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A set of {@link AnswerCheck}s run together on each answer: with more than one check they run in
 * parallel, each result carrying its own timing; the answer passes when every check passes. Closing
 * it closes the checks. Thread-safe: callers check answers from many threads at once (a generation
 * run's workers), which is how checks run concurrently with generation.
 *
 * <pre>{@code
 * try (AnswerChecks checks = AnswerChecks.of(List.of(engineCheck))) {
 *   CheckOutcome outcome = checks.check("s(\"bd sd\")");
 *   outcome.passed();          // true
 * }
 * }</pre>
 */
public final class AnswerChecks implements AutoCloseable {
  private static final AnswerChecks NONE = new AnswerChecks(List.of());

  private final List<AnswerCheck> checks;
  private final ExecutorService parallel;
  private final ValiditySummary.Tally tally = new ValiditySummary.Tally();

  private AnswerChecks(List<AnswerCheck> checks) {
    this.checks = List.copyOf(checks);
    AtomicInteger n = new AtomicInteger();
    this.parallel =
        this.checks.size() < 2
            ? null
            : Executors.newCachedThreadPool(
                r -> {
                  Thread t = new Thread(r, "finetune-check-" + n.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                });
  }

  /**
   * {@return the given checks, run on every answer}
   *
   * @param checks the checks, run in this order; the list is copied
   */
  public static AnswerChecks of(List<? extends AnswerCheck> checks) {
    Objects.requireNonNull(checks, "checks");
    checks.forEach(c -> Objects.requireNonNull(c, "a check is null"));
    return checks.isEmpty() ? NONE : new AnswerChecks(new ArrayList<>(checks));
  }

  /**
   * No checks: every answer passes.
   *
   * @return an empty set of checks
   */
  public static AnswerChecks none() {
    return NONE;
  }

  /**
   * Whether there are no checks.
   *
   * @return true when no check was given, so every answer passes
   */
  public boolean isEmpty() {
    return checks.isEmpty();
  }

  /** {@return the checks' names, in order} */
  public List<String> names() {
    return checks.stream().map(AnswerCheck::name).toList();
  }

  /**
   * Makes sure every check can run.
   *
   * @throws CheckUnavailableException naming what to install
   */
  public void verify() {
    checks.forEach(AnswerCheck::verify);
  }

  /**
   * {@return what every {@link #check} call so far found: answers checked, the validity rate,
   * failures by reason and each check's timing}
   */
  public ValiditySummary summary() {
    return tally.summary();
  }

  /**
   * Runs every check on the answer; see {@link #check(String, String)}.
   *
   * @param answer the answer text, fences already stripped
   * @return each check's result for the answer
   */
  public CheckOutcome check(String answer) {
    return check("answer", answer);
  }

  /**
   * Runs every check on the answer and counts the outcome in the {@link #summary()}. A check that
   * throws {@link CheckUnavailableException} makes this throw it; any other exception from a check
   * becomes a failure with reason {@code error}, so a broken check never passes an answer.
   *
   * @param label where the answer came from, for the summary's examples ({@code line 12})
   * @param answer the answer text, fences already stripped
   * @return each check's result for the answer
   * @throws CheckUnavailableException when a check cannot run at all
   */
  public CheckOutcome check(String label, String answer) {
    if (checks.isEmpty()) {
      return new CheckOutcome(List.of());
    }
    CheckOutcome outcome =
        parallel == null
            ? new CheckOutcome(List.of(run(checks.get(0), answer)))
            : inParallel(answer);
    tally.add(label, outcome);
    return outcome;
  }

  private CheckOutcome inParallel(String answer) {
    List<CompletableFuture<CheckResult>> running = new ArrayList<>();
    for (AnswerCheck c : checks) {
      running.add(CompletableFuture.supplyAsync(() -> run(c, answer), parallel));
    }
    List<CheckResult> results = new ArrayList<>();
    for (CompletableFuture<CheckResult> f : running) {
      try {
        results.add(f.join());
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw e;
      }
    }
    return new CheckOutcome(results);
  }

  /**
   * Runs the checks over the final answer of every record of a dataset file (any format {@link
   * JsonlReader#detectFormat} knows; records without an answer, such as prompt-only ones, are not
   * counted). The summary's examples name the file's line.
   *
   * @param file the dataset file (JSONL)
   * @return the summary over the file's answers, with failing examples labelled by line
   * @throws app.polychat.finetune.format.DatasetFormatException at a line that is not a record
   */
  public ValiditySummary checkFile(Path file) {
    Objects.requireNonNull(file, "file");
    DatasetFormatter format = JsonlReader.detectFormat(file);
    ValiditySummary.Tally fileTally = new ValiditySummary.Tally();
    JsonlReader.forEachLine(
        file,
        line -> {
          if (line.blank()) {
            return;
          }
          TrainingExample example;
          try {
            example = format.decode(line.text());
          } catch (DatasetFormatException e) {
            throw e.at(file, line.number());
          }
          example
              .conversation()
              .lastAssistantText()
              .ifPresent(
                  answer -> {
                    String label = "line " + line.number();
                    fileTally.add(label, check(label, answer));
                  });
        });
    return fileTally.summary();
  }

  private static CheckResult run(AnswerCheck check, String answer) {
    long start = System.nanoTime();
    try {
      CheckResult result = check.check(answer == null ? "" : answer);
      return Objects.requireNonNull(result, "check " + check.name() + " returned null");
    } catch (CheckUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return CheckResult.fail(check.name(), "error", "the check failed: " + message, since(start));
    }
  }

  private static Duration since(long start) {
    return CheckResult.since(start);
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (AnswerCheck c : checks) {
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) {
          first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
      }
    }
    if (parallel != null) {
      parallel.shutdownNow();
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "AnswerChecks" + names();
  }
}
