package app.polychat.finetune;

import java.util.Objects;

/**
 * Settings of the train stage. Unset values take defaults: a job name derived from the project and
 * the time, base model Nova Lite, the original toolkit's 3 epochs and learning rate 0.00001, and
 * batch size 1 for Nova models (the only value they accept; 8 otherwise, as the original toolkit).
 */
public final class TrainSpec {
  /** The default base model. */
  public static final String DEFAULT_BASE_MODEL = "amazon.nova-lite-v1:0:300k";

  /** The base model of reinforcement fine-tuning jobs unless another is set: Nova 2 Lite. */
  public static final String RFT_BASE_MODEL = "amazon.nova-2-lite-v1:0:256k";

  private final String name;
  private final String customModelName;
  private final String baseModel;
  private final Integer epochs;
  private final Double learningRate;
  private final Integer warmupSteps;
  private final Integer batchSize;
  private final boolean useValidation;
  private final boolean validationEvenIfUnsupported;
  private final String teacherModel;
  private final int maxResponseLength;
  private final app.polychat.finetune.job.RftSettings rft;

  private TrainSpec(Builder b) {
    this.name = b.name;
    this.customModelName = b.customModelName;
    this.baseModel = b.baseModel;
    this.epochs = b.epochs;
    this.learningRate = b.learningRate;
    this.warmupSteps = b.warmupSteps;
    this.batchSize = b.batchSize;
    this.useValidation = b.useValidation;
    this.validationEvenIfUnsupported = b.validationEvenIfUnsupported;
    this.teacherModel = b.teacherModel;
    this.maxResponseLength = b.maxResponseLength;
    this.rft = b.rft;
    if (rft != null && teacherModel != null) {
      throw new IllegalArgumentException(
          "a job is either reinforcement fine-tuning or a distillation: call reinforcement(...) or"
              + " distillFrom(...), not both");
    }
  }

  /**
   * Starts building training settings: every setting has a default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Null: derived from the project and the time.
   *
   * @return the job name, or null
   */
  public String name() {
    return name;
  }

  /**
   * The custom model's name.
   *
   * @return the name, or null for the job name
   */
  public String customModelName() {
    return customModelName;
  }

  /**
   * The model to customize.
   *
   * @return a model id or alias
   */
  public String baseModel() {
    return baseModel;
  }

  /**
   * Epochs.
   *
   * @return the epochs, or null for the service default
   */
  public Integer epochs() {
    return epochs;
  }

  /**
   * The learning rate.
   *
   * @return the rate, or null for the service default
   */
  public Double learningRate() {
    return learningRate;
  }

  /**
   * Warm-up steps.
   *
   * @return the steps, or null for the service default
   */
  public Integer warmupSteps() {
    return warmupSteps;
  }

  /** {@return the batch size to send: the one set, else 1 for Nova models and 8 for others} */
  public int effectiveBatchSize() {
    if (batchSize != null) {
      return batchSize;
    }
    return baseModel.contains("nova") ? 1 : 8;
  }

  /**
   * Whether the validation file is passed to the job.
   *
   * @return true to pass it (default)
   */
  public boolean useValidation() {
    return useValidation;
  }

  /**
   * {@return whether to send the validation file even to a model that takes none during fine-tuning
   * (Nova 2 Lite); false leaves it out with a warning}
   */
  public boolean validationEvenIfUnsupported() {
    return validationEvenIfUnsupported;
  }

  /**
   * The teacher model for distillation.
   *
   * @return the teacher, or null for fine-tuning
   */
  public String teacherModel() {
    return teacherModel;
  }

  /**
   * The most tokens a teacher answer may have in distillation.
   *
   * @return the length (default 1000)
   */
  public int maxResponseLength() {
    return maxResponseLength;
  }

  /**
   * Non-null makes the job reinforcement fine-tuning with this grader and these settings.
   *
   * @return the RFT settings, or null for other jobs
   */
  public app.polychat.finetune.job.RftSettings reinforcement() {
    return rft;
  }

  /** Builds a {@link TrainSpec}. */
  public static final class Builder {
    private String name;
    private String customModelName;
    private String baseModel = DEFAULT_BASE_MODEL;
    private Integer epochs = 3;
    private Double learningRate = 0.00001;
    private Integer warmupSteps;
    private Integer batchSize;
    private boolean useValidation = true;
    private boolean validationEvenIfUnsupported;
    private String teacherModel;
    private int maxResponseLength = 1000;
    private app.polychat.finetune.job.RftSettings rft;
    private boolean baseModelSet;

    private Builder() {}

    /**
     * The job name (default: {@code <project>-<8 hex>}, a hash of the data and settings, so running
     * the same thing twice never creates a second job).
     *
     * @param name the job name (default: {@code <project>-<8 hex>}, a hash of the data and
     *     settings, so running the same thing twice never creates a second job)
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The custom model's name (default: the job name).
     *
     * @param customModelName the custom model's name (default: the job name)
     * @return this builder
     */
    public Builder customModelName(String customModelName) {
      this.customModelName = Objects.requireNonNull(customModelName, "customModelName");
      return this;
    }

    /**
     * The model to customize (default {@value TrainSpec#DEFAULT_BASE_MODEL}).
     *
     * @param baseModel the model to customize (default {@value TrainSpec#DEFAULT_BASE_MODEL})
     * @return this builder
     */
    public Builder baseModel(String baseModel) {
      this.baseModel = Objects.requireNonNull(baseModel, "baseModel");
      this.baseModelSet = true;
      return this;
    }

    /**
     * Epochs (default 3).
     *
     * @param epochs epochs (default 3)
     * @return this builder
     */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /**
     * Learning rate (default 0.00001).
     *
     * @param learningRate learning rate (default 0.00001)
     * @return this builder
     */
    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /**
     * Warm-up steps (default: the service's).
     *
     * @param warmupSteps the steps
     * @return this builder
     */
    public Builder warmupSteps(int warmupSteps) {
      this.warmupSteps = warmupSteps;
      return this;
    }

    /**
     * Batch size (default: 1 for Nova models, 8 for others).
     *
     * @param batchSize the size
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Whether to pass the validation file to the job (default true).
     *
     * @param useValidation whether to pass the validation file to the job (default true)
     * @return this builder
     */
    public Builder useValidation(boolean useValidation) {
      this.useValidation = useValidation;
      return this;
    }

    /**
     * Sends the validation file even when the base model takes no validation set during fine-tuning
     * (Nova 2 Lite: Nova user guide, "nova-2-sft-data-prep"). Default false: the file is left out
     * of the request, with a warning.
     *
     * @param validationEvenIfUnsupported true to send it anyway
     * @return this builder
     */
    public Builder validationEvenIfUnsupported(boolean validationEvenIfUnsupported) {
      this.validationEvenIfUnsupported = validationEvenIfUnsupported;
      return this;
    }

    /**
     * Makes the job a distillation: {@code teacherModel} answers the prompts and the base model is
     * the student. Hyperparameters are not sent.
     *
     * @param teacherModel the teacher model's id or alias
     * @return this builder
     */
    public Builder distillFrom(String teacherModel) {
      this.teacherModel = Objects.requireNonNull(teacherModel, "teacherModel");
      return this;
    }

    /**
     * The most tokens a teacher answer may have in distillation (default 1000).
     *
     * @param maxResponseLength the length
     * @return this builder
     */
    public Builder maxResponseLength(int maxResponseLength) {
      this.maxResponseLength = maxResponseLength;
      return this;
    }

    /**
     * Makes the job reinforcement fine-tuning: the model answers the training prompts and the
     * grader Lambda function rewards each answer. The base model becomes Nova 2 Lite (the only one
     * Bedrock tunes this way) unless one was set; the validation file is not sent (RFT takes none).
     * The training file must be in the {@code bedrock-rft} format (see {@code RftConverter}).
     *
     * <pre>{@code
     * upload.train(t -> t.reinforcement(r -> r.graderLambdaArn(arn).epochCount(2).batchSize(64)));
     * }</pre>
     *
     * @param settings sets the grader and RFT hyperparameters
     * @return this builder
     */
    public Builder reinforcement(
        java.util.function.Consumer<app.polychat.finetune.job.RftSettings.Builder> settings) {
      var builder = rft == null ? app.polychat.finetune.job.RftSettings.builder() : rft.toBuilder();
      Objects.requireNonNull(settings, "settings").accept(builder);
      return reinforcement(builder.build());
    }

    /**
     * Like {@link #reinforcement(java.util.function.Consumer)} with settings built already.
     *
     * @param settings the grader and RFT hyperparameters
     * @return this builder
     */
    public Builder reinforcement(app.polychat.finetune.job.RftSettings settings) {
      this.rft = Objects.requireNonNull(settings, "settings");
      if (!baseModelSet) {
        this.baseModel = RFT_BASE_MODEL;
      }
      this.useValidation = false;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     * @throws IllegalArgumentException when both distillation and reinforcement fine-tuning were
     *     asked for
     */
    public TrainSpec build() {
      /**
       * Builds the settings.
       *
       * @return the settings
       * @throws IllegalArgumentException when both distillation and reinforcement fine-tuning were
       *     asked for
       */
      return new TrainSpec(this);
    }
  }
}
