package app.polychat.finetune.job;

/**
 * One point of a loss curve, averaged over the rows the service wrote for that step.
 *
 * @param step the training step
 * @param epoch the epoch the step belongs to
 * @param trainingLoss training loss at that step, or null
 * @param validationLoss validation loss at that step, or null
 * @param trainingPerplexity the perplexity the service wrote beside the training loss, or null
 * @param validationPerplexity the perplexity beside the validation loss, or null
 */
public record MetricPoint(
    int step,
    int epoch,
    Double trainingLoss,
    Double validationLoss,
    Double trainingPerplexity,
    Double validationPerplexity) {

  /**
   * A point without perplexities.
   *
   * @param step the training step
   * @param epoch the epoch
   * @param trainingLoss the training loss, or null
   * @param validationLoss the validation loss, or null
   */
  public MetricPoint(int step, int epoch, Double trainingLoss, Double validationLoss) {
    this(step, epoch, trainingLoss, validationLoss, null, null);
  }
}
