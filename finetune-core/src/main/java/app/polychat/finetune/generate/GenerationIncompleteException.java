package app.polychat.finetune.generate;

import app.polychat.finetune.support.FineTuneException;
import java.util.Objects;

/**
 * A generation run ended without a dataset to use: it stopped early (a refused API key, an open
 * circuit, a journal that could not be written, a stop request), the dataset is short and partial
 * datasets were not allowed, or not one answer was usable. Nothing was written or recorded as a
 * dataset; every answer received is journaled, and running the same plan again resumes.
 *
 * <pre>{@code
 * try {
 *   pipeline.generate();
 * } catch (GenerationIncompleteException e) {
 *   log.warn("{} requests missing: {}", e.shortfall().missing(), e.getMessage());
 * }
 * }</pre>
 */
public final class GenerationIncompleteException extends FineTuneException {
  private static final long serialVersionUID = 1L;

  private final transient GenerationResult result;

  /**
   * A run that wrote no dataset, for the reason {@code message} gives.
   *
   * @param message what is missing and how to finish (rerun, or allow a partial dataset)
   * @param result the run's result, with its counts
   */
  public GenerationIncompleteException(String message, GenerationResult result) {
    super(message, null, result.stoppedReason() == null && result.shortfall().retryable() > 0);
    this.result = Objects.requireNonNull(result, "result");
  }

  /** {@return the run's counts and reasons} */
  public GenerationResult result() {
    return result;
  }

  /** {@return how far the run is from its plan} */
  public Shortfall shortfall() {
    return result.shortfall();
  }

  /** {@return whether the run stopped early (see {@link GenerationResult#stoppedReason()})} */
  public boolean stopped() {
    return result.stoppedReason() != null;
  }

  /**
   * {@return whether the dataset is short: some planned requests have no accepted or dropped
   * answer}
   */
  public boolean datasetShort() {
    return !result.shortfall().complete();
  }
}
