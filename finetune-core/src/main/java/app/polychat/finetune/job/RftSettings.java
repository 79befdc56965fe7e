package app.polychat.finetune.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a reinforcement fine-tuning job adds to a {@link JobSpec}: the grader Lambda function that
 * rewards the model's answers, and the RFT hyperparameters. Field names are those of Bedrock's API
 * model ({@code RFTConfig}, {@code GraderConfig.lambdaGrader.lambdaArn}, {@code
 * RFTHyperParameters}); ranges are checked by the job-spec validator, not here, so that every
 * problem is reported at once with its rule. Unset hyperparameters are not sent and Bedrock uses
 * its own defaults (neither the API model nor the user guide publishes them).
 *
 * <pre>{@code
 * RftSettings rft = RftSettings.builder()
 *     .graderLambdaArn("arn:aws:lambda:us-east-1:123456789012:function:strudel-grader")
 *     .epochCount(2).batchSize(64).trainingSamplePerPrompt(4).reasoningEffort(ReasoningEffort.LOW)
 *     .build();
 * }</pre>
 */
public final class RftSettings {
  private final String graderLambdaArn;
  private final Integer epochCount;
  private final Integer batchSize;
  private final Double learningRate;
  private final Integer maxPromptLength;
  private final Integer trainingSamplePerPrompt;
  private final Integer inferenceMaxTokens;
  private final ReasoningEffort reasoningEffort;
  private final Integer evalInterval;

  private RftSettings(Builder b) {
    if (b.graderLambdaArn == null || b.graderLambdaArn.isBlank()) {
      throw new IllegalArgumentException(
          "graderLambdaArn is required for reinforcement fine-tuning: call graderLambdaArn(...)"
              + " with the ARN of the grader Lambda function");
    }
    this.graderLambdaArn = b.graderLambdaArn;
    this.epochCount = b.epochCount;
    this.batchSize = b.batchSize;
    this.learningRate = b.learningRate;
    this.maxPromptLength = b.maxPromptLength;
    this.trainingSamplePerPrompt = b.trainingSamplePerPrompt;
    this.inferenceMaxTokens = b.inferenceMaxTokens;
    this.reasoningEffort = b.reasoningEffort;
    this.evalInterval = b.evalInterval;
  }

  /**
   * Starts building RFT settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these settings, to change some of them.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.graderLambdaArn = graderLambdaArn;
    b.epochCount = epochCount;
    b.batchSize = batchSize;
    b.learningRate = learningRate;
    b.maxPromptLength = maxPromptLength;
    b.trainingSamplePerPrompt = trainingSamplePerPrompt;
    b.inferenceMaxTokens = inferenceMaxTokens;
    b.reasoningEffort = reasoningEffort;
    b.evalInterval = evalInterval;
    return b;
  }

  /**
   * {@code rftConfig.graderConfig.lambdaGrader.lambdaArn}.
   *
   * @return the grader Lambda function's ARN
   */
  public String graderLambdaArn() {
    return graderLambdaArn;
  }

  /**
   * Null means Bedrock's default.
   *
   * @return the epochs, or null
   */
  public Integer epochCount() {
    return epochCount;
  }

  /**
   * The batch size.
   *
   * @return the batch size, or null for Bedrock's default
   */
  public Integer batchSize() {
    return batchSize;
  }

  /**
   * The learning rate.
   *
   * @return the learning rate, or null for Bedrock's default
   */
  public Double learningRate() {
    return learningRate;
  }

  /**
   * The most tokens a training prompt may have.
   *
   * @return the length, or null for Bedrock's default
   */
  public Integer maxPromptLength() {
    return maxPromptLength;
  }

  /**
   * How many answers are sampled per training prompt.
   *
   * @return the number, or null for Bedrock's default
   */
  public Integer trainingSamplePerPrompt() {
    return trainingSamplePerPrompt;
  }

  /**
   * The most tokens an answer may have during training.
   *
   * @return the number, or null for Bedrock's default
   */
  public Integer inferenceMaxTokens() {
    return inferenceMaxTokens;
  }

  /**
   * How much the model reasons before answering.
   *
   * @return the effort, or null for Bedrock's default
   */
  public ReasoningEffort reasoningEffort() {
    return reasoningEffort;
  }

  /**
   * Training steps between evaluations.
   *
   * @return the interval, or null for Bedrock's default
   */
  public Integer evalInterval() {
    return evalInterval;
  }

  /**
   * {@return the hyperparameters that are set, by their Bedrock names in the API model's member
   * order: numbers as {@link Integer} or {@link Double}, {@code reasoningEffort} as its wire
   * string}
   */
  public Map<String, Object> hyperParameters() {
    Map<String, Object> params = new LinkedHashMap<>();
    putIfSet(params, "epochCount", epochCount);
    putIfSet(params, "batchSize", batchSize);
    putIfSet(params, "learningRate", learningRate);
    putIfSet(params, "maxPromptLength", maxPromptLength);
    putIfSet(params, "trainingSamplePerPrompt", trainingSamplePerPrompt);
    putIfSet(params, "inferenceMaxTokens", inferenceMaxTokens);
    putIfSet(
        params, "reasoningEffort", reasoningEffort == null ? null : reasoningEffort.wireName());
    putIfSet(params, "evalInterval", evalInterval);
    return Collections.unmodifiableMap(params);
  }

  private static void putIfSet(Map<String, Object> params, String name, Object value) {
    if (value != null) {
      params.put(name, value);
    }
  }

  /**
   * {@return the learning rate as Bedrock receives it: the API model types it {@code float}, so the
   * SDK sends the float nearest the value; this is that float written as a plain decimal}
   *
   * @param learningRate the learning rate
   */
  public static String wireLearningRate(double learningRate) {
    return new java.math.BigDecimal(Float.toString((float) learningRate))
        .stripTrailingZeros()
        .toPlainString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RftSettings other
        && graderLambdaArn.equals(other.graderLambdaArn)
        && hyperParameters().equals(other.hyperParameters());
  }

  @Override
  public int hashCode() {
    return Objects.hash(graderLambdaArn, hyperParameters());
  }

  @Override
  public String toString() {
    return "RftSettings{grader=" + graderLambdaArn + " hyperParameters=" + hyperParameters() + "}";
  }

  /** Builds {@link RftSettings}; only the grader's ARN is required. */
  public static final class Builder {
    private String graderLambdaArn;
    private Integer epochCount;
    private Integer batchSize;
    private Double learningRate;
    private Integer maxPromptLength;
    private Integer trainingSamplePerPrompt;
    private Integer inferenceMaxTokens;
    private ReasoningEffort reasoningEffort;
    private Integer evalInterval;

    private Builder() {}

    /**
     * The ARN of the Lambda function that grades the model's answers (required).
     *
     * @param graderLambdaArn the ARN of the Lambda function that grades the model's answers
     *     (required)
     * @return this builder
     */
    public Builder graderLambdaArn(String graderLambdaArn) {
      this.graderLambdaArn = Objects.requireNonNull(graderLambdaArn, "graderLambdaArn");
      return this;
    }

    /**
     * Epochs, 1–50 in the API model.
     *
     * @param epochCount epochs, 1–50 in the API model
     * @return this builder
     */
    public Builder epochCount(Integer epochCount) {
      this.epochCount = epochCount;
      return this;
    }

    /**
     * Prompts per batch, 16–512 in the API model.
     *
     * @param batchSize prompts per batch, 16–512 in the API model
     * @return this builder
     */
    public Builder batchSize(Integer batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Learning rate, 1e-7–1e-3 in the API model.
     *
     * @param learningRate learning rate, 1e-7–1e-3 in the API model
     * @return this builder
     */
    public Builder learningRate(Double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /**
     * Longest prompt in tokens (the API model gives no range).
     *
     * @param maxPromptLength longest prompt in tokens (the API model gives no range)
     * @return this builder
     */
    public Builder maxPromptLength(Integer maxPromptLength) {
      this.maxPromptLength = maxPromptLength;
      return this;
    }

    /**
     * Answers sampled per prompt, 2–16 in the API model.
     *
     * @param trainingSamplePerPrompt answers sampled per prompt, 2–16 in the API model
     * @return this builder
     */
    public Builder trainingSamplePerPrompt(Integer trainingSamplePerPrompt) {
      this.trainingSamplePerPrompt = trainingSamplePerPrompt;
      return this;
    }

    /**
     * Longest answer in tokens during training (the API model gives no range).
     *
     * @param inferenceMaxTokens longest answer in tokens during training (the API model gives no
     *     range)
     * @return this builder
     */
    public Builder inferenceMaxTokens(Integer inferenceMaxTokens) {
      this.inferenceMaxTokens = inferenceMaxTokens;
      return this;
    }

    /**
     * How much the model reasons before answering (default: Bedrock's).
     *
     * @param reasoningEffort the effort, or null
     * @return this builder
     */
    public Builder reasoningEffort(ReasoningEffort reasoningEffort) {
      this.reasoningEffort = reasoningEffort;
      return this;
    }

    /**
     * Training steps between evaluations, 1–100 in the API model.
     *
     * @param evalInterval training steps between evaluations, 1–100 in the API model
     * @return this builder
     */
    public Builder evalInterval(Integer evalInterval) {
      this.evalInterval = evalInterval;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     * @throws IllegalArgumentException when no grader Lambda ARN was given
     */
    public RftSettings build() {
      return new RftSettings(this);
    }
  }
}
