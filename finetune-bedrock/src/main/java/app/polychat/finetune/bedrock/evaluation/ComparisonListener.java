package app.polychat.finetune.bedrock.evaluation;

/**
 * Hears how a {@link ModelComparison} progresses, for progress bars. Called from the comparison's
 * threads; implementations must be thread-safe and quick.
 */
public interface ComparisonListener {

  /**
   * Every model has answered (or failed) one prompt.
   *
   * @param done prompts finished so far
   */
  default void promptDone(int done) {}

  /**
   * A model will not be asked again in this run, after an error that retrying cannot fix.
   *
   * @param label the model's label
   * @param reason the error
   */
  default void modelDropped(String label, String reason) {}
}
