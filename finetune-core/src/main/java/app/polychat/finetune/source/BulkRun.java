package app.polychat.finetune.source;

import java.util.Map;

/**
 * One generation run as a bulk source sees it ({@link ExampleSource#generateAll}): where outcomes
 * go as they arrive, whether the run is stopping, and a small durable notebook of checkpoints in
 * which the source keeps its own progress (for example the id of a remote batch job it submitted),
 * so that a rerun of the same plan re-attaches to work already paid for instead of paying again.
 *
 * <p>Checkpoints belong to the run: resuming the run finds them again, a fresh run starts with
 * none. Keys and values are short strings (a source prefixes its keys with its own name); a value
 * must never hold a secret.
 *
 * <pre>{@code
 * Map<String, String> seen = run.checkpoints();
 * if (!seen.containsKey("batch/job/0")) {
 *   run.checkpoint("batch/job/0", submitJob());   // durable before anything else happens
 * }
 * run.deliver(GenerationOutcome.answered(request, example));   // journaled when this returns
 * }</pre>
 */
public interface BulkRun {

  /** {@return the run's id in the tracker} */
  String runId();

  /**
   * Hands one outcome to the engine, which filters and journals it; durable when this returns.
   * Thread-safe. An outcome for a request that was not asked for, or a second outcome for the same
   * request, is ignored (and logged), so a source that re-reads its results never journals one
   * twice. When the journal cannot be written the run stops: {@link #stopping()} turns true, and
   * the source should return without fetching more.
   *
   * @param outcome the answered or failed request
   */
  void deliver(GenerationOutcome outcome);

  /**
   * {@return whether the run is stopping (Ctrl-C, an unavailable teacher, a journal that cannot be
   * written): the source should stop sending work and return soon}
   */
  boolean stopping();

  /** {@return every checkpoint this run has recorded, by key} */
  Map<String, String> checkpoints();

  /**
   * Records (or replaces) a checkpoint; durable when this returns.
   *
   * @param key the checkpoint's name, such as {@code batch-job-arn}
   * @param value the value to keep; never a secret
   * @throws app.polychat.finetune.support.FineTuneException when it cannot be recorded; the source
   *     must then not start work it could not find again
   */
  void checkpoint(String key, String value);

  /**
   * {@return where the source tells what happens on the way (retries, rate-limit waits, its remote
   * jobs' progress); the engine forwards it to the run's {@code GenerationListener}} The default
   * hears nothing.
   */
  default SourceListener events() {
    return SourceListener.NONE;
  }
}
