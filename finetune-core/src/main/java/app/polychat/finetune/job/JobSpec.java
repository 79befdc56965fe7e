package app.polychat.finetune.job;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a customization job needs. Equal specs are the same job: backends send {@link
 * #requestToken()}, a hash of every field, as the idempotency token, so submitting an equal spec
 * again (after a timeout, or from another process) never creates a second job.
 *
 * <p>Hyperparameters are only sent for {@link CustomizationType#FINE_TUNING}; distillation takes a
 * teacher instead, and reinforcement fine-tuning its {@link RftSettings} (grader and RFT
 * hyperparameters). Build with {@link #builder()}.
 */
public final class JobSpec {
  private final CustomizationType type;
  private final String jobName;
  private final String customModelName;
  private final String baseModel;
  private final URI trainingUri;
  private final URI validationUri;
  private final URI outputUri;
  private final String roleArn;
  private final String project;
  private final Integer epochCount;
  private final Double learningRate;
  private final Integer warmupSteps;
  private final Integer batchSize;
  private final String teacherModel;
  private final int maxResponseLength;
  private final String kmsKeyId;
  private final List<String> subnetIds;
  private final List<String> securityGroupIds;
  private final Map<String, String> tags;
  private final String datasetHash;
  private final RftSettings rft;

  private JobSpec(Builder b) {
    this.type = Objects.requireNonNull(b.type, "type");
    this.jobName = require(b.jobName, "jobName");
    this.customModelName = b.customModelName == null ? b.jobName : b.customModelName;
    this.baseModel = require(b.baseModel, "baseModel");
    this.trainingUri = require(b.trainingUri, "trainingUri");
    this.validationUri = b.validationUri;
    this.outputUri = b.outputUri;
    this.roleArn = b.roleArn;
    this.project = b.project;
    this.epochCount = b.epochCount;
    this.learningRate = b.learningRate;
    this.warmupSteps = b.warmupSteps;
    this.batchSize = b.batchSize;
    this.teacherModel = b.teacherModel;
    this.maxResponseLength = b.maxResponseLength;
    this.kmsKeyId = b.kmsKeyId;
    this.subnetIds = List.copyOf(b.subnetIds);
    this.securityGroupIds = List.copyOf(b.securityGroupIds);
    this.tags = Map.copyOf(b.tags);
    this.datasetHash = b.datasetHash;
    this.rft = b.rft;
    if (type == CustomizationType.REINFORCEMENT_FINE_TUNING && rft == null) {
      throw new IllegalArgumentException(
          "a reinforcement fine-tuning job needs its grader: call reinforcement(r ->"
              + " r.graderLambdaArn(...))");
    }
    if (type == CustomizationType.DISTILLATION && teacherModel == null) {
      throw new IllegalArgumentException(
          "teacherModel is required for a distillation job: call teacherModel(...)");
    }
  }

  private static <T> T require(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is required: call " + name + "(...)");
    }
    return value;
  }

  /**
   * Starts building a spec.
   *
   * @return a new builder, for a fine-tuning job
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this spec's values, to change some of them.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.type = type;
    b.jobName = jobName;
    b.customModelName = customModelName;
    b.baseModel = baseModel;
    b.trainingUri = trainingUri;
    b.validationUri = validationUri;
    b.outputUri = outputUri;
    b.roleArn = roleArn;
    b.project = project;
    b.epochCount = epochCount;
    b.learningRate = learningRate;
    b.warmupSteps = warmupSteps;
    b.batchSize = batchSize;
    b.teacherModel = teacherModel;
    b.maxResponseLength = maxResponseLength;
    b.kmsKeyId = kmsKeyId;
    b.subnetIds = List.copyOf(subnetIds);
    b.securityGroupIds = List.copyOf(securityGroupIds);
    b.tags = new LinkedHashMap<>(tags);
    b.datasetHash = datasetHash;
    b.rft = rft;
    return b;
  }

  /**
   * The kind of customization.
   *
   * @return fine-tuning, distillation or reinforcement fine-tuning
   */
  public CustomizationType type() {
    return type;
  }

  /**
   * The job's name, unique in the account and region.
   *
   * @return the job name
   */
  public String jobName() {
    return jobName;
  }

  /**
   * Defaults to the job name.
   *
   * @return the custom model's name
   */
  public String customModelName() {
    return customModelName;
  }

  /**
   * The model to customize.
   *
   * @return a model id or alias ({@code nova-lite})
   */
  public String baseModel() {
    return baseModel;
  }

  /**
   * Where the training file is.
   *
   * @return an {@code s3://} or {@code file:} URI
   */
  public URI trainingUri() {
    return trainingUri;
  }

  /**
   * Null when the job has no validation set.
   *
   * @return the validation file's URI, or null
   */
  public URI validationUri() {
    return validationUri;
  }

  /** {@return where the service writes its outputs; null lets the backend decide} */
  public URI outputUri() {
    return outputUri;
  }

  /** {@return the IAM role the service assumes; null lets the backend use its configured role} */
  public String roleArn() {
    return roleArn;
  }

  /**
   * The project the job belongs to, for tags and the output folder.
   *
   * @return the project, or null
   */
  public String project() {
    return project;
  }

  /**
   * Null means the service default.
   *
   * @return the epochs, or null
   */
  public Integer epochCount() {
    return epochCount;
  }

  /**
   * The learning rate.
   *
   * @return the learning rate, or null for the service default
   */
  public Double learningRate() {
    return learningRate;
  }

  /**
   * Warm-up steps.
   *
   * @return the warm-up steps, or null for the service default
   */
  public Integer warmupSteps() {
    return warmupSteps;
  }

  /**
   * The batch size.
   *
   * @return the batch size, or null for the service default
   */
  public Integer batchSize() {
    return batchSize;
  }

  /** {@return the teacher for distillation, null for fine-tuning} */
  public String teacherModel() {
    return teacherModel;
  }

  /**
   * {@code maxResponseLengthForInference} for distillation.
   *
   * @return the most tokens a teacher answer may have (default 1000)
   */
  public int maxResponseLength() {
    return maxResponseLength;
  }

  /**
   * The KMS key that encrypts the custom model.
   *
   * @return a key id or ARN, or null for an AWS-owned key
   */
  public String kmsKeyId() {
    return kmsKeyId;
  }

  /**
   * The VPC subnets the job runs in.
   *
   * @return the subnet ids; empty for no VPC
   */
  public List<String> subnetIds() {
    return subnetIds;
  }

  /**
   * The VPC security groups the job runs with.
   *
   * @return the security group ids; empty for no VPC
   */
  public List<String> securityGroupIds() {
    return securityGroupIds;
  }

  /**
   * Tags for the job and its custom model, besides those {@link CreateJobRequest#tags} adds.
   *
   * @return the tags, by key
   */
  public Map<String, String> tags() {
    return tags;
  }

  /**
   * Content hash of the training data, for tags and lineage; may be null.
   *
   * @return the hash, or null
   */
  public String datasetHash() {
    return datasetHash;
  }

  /**
   * {@return the grader and RFT hyperparameters of a reinforcement fine-tuning job; null for other
   * types}
   */
  public RftSettings rft() {
    return type == CustomizationType.REINFORCEMENT_FINE_TUNING ? rft : null;
  }

  /**
   * {@return the hyperparameters as Bedrock takes them in {@code hyperParameters} (strings, only
   * those set); empty for distillation and for reinforcement fine-tuning, whose hyperparameters
   * travel in {@code customizationConfig.rftConfig} ({@link #rft()})}
   */
  public Map<String, String> hyperParameters() {
    Map<String, String> params = new LinkedHashMap<>();
    if (type != CustomizationType.FINE_TUNING) {
      return params;
    }
    if (epochCount != null) {
      params.put("epochCount", Integer.toString(epochCount));
    }
    if (batchSize != null) {
      params.put("batchSize", Integer.toString(batchSize));
    }
    if (learningRate != null) {
      params.put("learningRate", formatRate(learningRate));
    }
    if (warmupSteps != null) {
      params.put("learningRateWarmupSteps", Integer.toString(warmupSteps));
    }
    return params;
  }

  /** 1.0E-5 becomes {@code 0.00001}, as the original toolkit and the AWS samples write it. */
  static String formatRate(double rate) {
    return new java.math.BigDecimal(Double.toString(rate)).stripTrailingZeros().toPlainString();
  }

  /**
   * {@return a deterministic idempotency token (64 hex characters) derived from every field of the
   * spec; it matches Bedrock's {@code clientRequestToken} pattern}
   */
  public String requestToken() {
    return app.polychat.finetune.support.Hashing.sha256Hex(fields().toString());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JobSpec other && fields().equals(other.fields());
  }

  @Override
  public int hashCode() {
    return fields().hashCode();
  }

  private List<Object> fields() {
    List<Object> fields = new java.util.ArrayList<>(baseFields());
    if (rft() != null) {
      // only for RFT jobs, so the tokens of fine-tuning and distillation specs stay as they were
      fields.add(rft());
    }
    return fields;
  }

  private List<Object> baseFields() {
    return java.util.Arrays.asList(
        type,
        jobName,
        customModelName,
        baseModel,
        trainingUri,
        validationUri,
        outputUri,
        roleArn,
        project,
        epochCount,
        learningRate,
        warmupSteps,
        batchSize,
        teacherModel,
        maxResponseLength,
        kmsKeyId,
        subnetIds,
        securityGroupIds,
        // sorted: Map.copyOf iterates in a per-JVM random order, and the token must not vary
        new java.util.TreeMap<>(tags),
        datasetHash);
  }

  @Override
  public String toString() {
    return "JobSpec{"
        + type
        + " "
        + jobName
        + " base="
        + baseModel
        + " train="
        + trainingUri
        + (validationUri == null ? "" : " validation=" + validationUri)
        + (teacherModel == null ? "" : " teacher=" + teacherModel)
        + (rft() == null
            ? " hyperParameters=" + hyperParameters()
            : " grader=" + rft.graderLambdaArn() + " rftHyperParameters=" + rft.hyperParameters())
        + "}";
  }

  /** Builds a {@link JobSpec}; setters are named after the properties. */
  public static final class Builder {
    private CustomizationType type = CustomizationType.FINE_TUNING;
    private String jobName;
    private String customModelName;
    private String baseModel;
    private URI trainingUri;
    private URI validationUri;
    private URI outputUri;
    private String roleArn;
    private String project;
    private Integer epochCount;
    private Double learningRate;
    private Integer warmupSteps;
    private Integer batchSize;
    private String teacherModel;
    private int maxResponseLength = 1000;
    private String kmsKeyId;
    private List<String> subnetIds = List.of();
    private List<String> securityGroupIds = List.of();
    private Map<String, String> tags = new LinkedHashMap<>();
    private String datasetHash;
    private RftSettings rft;

    private Builder() {}

    /**
     * The kind of customization (default fine-tuning).
     *
     * @param type the kind
     * @return this builder
     */
    public Builder type(CustomizationType type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    /**
     * The job's name (required).
     *
     * @param jobName the name, unique in the account and region
     * @return this builder
     */
    public Builder jobName(String jobName) {
      this.jobName = jobName;
      return this;
    }

    /**
     * The custom model's name (default: the job name).
     *
     * @param customModelName the name, or null for the default
     * @return this builder
     */
    public Builder customModelName(String customModelName) {
      this.customModelName = customModelName;
      return this;
    }

    /**
     * The model to customize (required).
     *
     * @param baseModel a model id or alias
     * @return this builder
     */
    public Builder baseModel(String baseModel) {
      this.baseModel = baseModel;
      return this;
    }

    /**
     * The training file (required).
     *
     * @param trainingUri an {@code s3://} or {@code file:} URI
     * @return this builder
     */
    public Builder trainingUri(URI trainingUri) {
      this.trainingUri = trainingUri;
      return this;
    }

    /**
     * The validation file (default: none).
     *
     * @param validationUri the URI, or null
     * @return this builder
     */
    public Builder validationUri(URI validationUri) {
      this.validationUri = validationUri;
      return this;
    }

    /**
     * Where the service writes its outputs (default: the backend decides).
     *
     * @param outputUri the URI, or null
     * @return this builder
     */
    public Builder outputUri(URI outputUri) {
      this.outputUri = outputUri;
      return this;
    }

    /**
     * The IAM role the service assumes (default: the backend's configured role).
     *
     * @param roleArn the role's ARN, or null
     * @return this builder
     */
    public Builder roleArn(String roleArn) {
      this.roleArn = roleArn;
      return this;
    }

    /**
     * The project, for tags and the output folder.
     *
     * @param project the project, or null
     * @return this builder
     */
    public Builder project(String project) {
      this.project = project;
      return this;
    }

    /**
     * Epochs (default: the service's).
     *
     * @param epochCount the epochs, or null
     * @return this builder
     */
    public Builder epochCount(Integer epochCount) {
      this.epochCount = epochCount;
      return this;
    }

    /**
     * Learning rate (default: the service's).
     *
     * @param learningRate the rate, or null
     * @return this builder
     */
    public Builder learningRate(Double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /**
     * Warm-up steps (default: the service's).
     *
     * @param warmupSteps the steps, or null
     * @return this builder
     */
    public Builder warmupSteps(Integer warmupSteps) {
      this.warmupSteps = warmupSteps;
      return this;
    }

    /**
     * Batch size (default: the service's).
     *
     * @param batchSize the size, or null
     * @return this builder
     */
    public Builder batchSize(Integer batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Makes this a distillation job taught by {@code teacherModel}.
     *
     * @param teacherModel the teacher model's id or alias
     * @return this builder
     */
    public Builder teacherModel(String teacherModel) {
      this.teacherModel = teacherModel;
      return this;
    }

    /**
     * The most tokens a teacher answer may have in distillation (default 1000).
     *
     * @param maxResponseLength at least 1
     * @return this builder
     * @throws IllegalArgumentException when below 1
     */
    public Builder maxResponseLength(int maxResponseLength) {
      if (maxResponseLength < 1) {
        throw new IllegalArgumentException(
            "maxResponseLength must be >= 1, was " + maxResponseLength);
      }
      this.maxResponseLength = maxResponseLength;
      return this;
    }

    /**
     * The KMS key that encrypts the custom model (default: an AWS-owned key).
     *
     * @param kmsKeyId a key id or ARN, or null
     * @return this builder
     */
    public Builder kmsKeyId(String kmsKeyId) {
      this.kmsKeyId = kmsKeyId;
      return this;
    }

    /**
     * The VPC subnets the job runs in (default: none).
     *
     * @param subnetIds the subnet ids
     * @return this builder
     */
    public Builder subnetIds(List<String> subnetIds) {
      this.subnetIds = List.copyOf(subnetIds);
      return this;
    }

    /**
     * The VPC security groups the job runs with (default: none).
     *
     * @param securityGroupIds the security group ids
     * @return this builder
     */
    public Builder securityGroupIds(List<String> securityGroupIds) {
      this.securityGroupIds = List.copyOf(securityGroupIds);
      return this;
    }

    /**
     * Replaces the tags.
     *
     * @param tags the tags, by key
     * @return this builder
     */
    public Builder tags(Map<String, String> tags) {
      this.tags = new LinkedHashMap<>(tags);
      return this;
    }

    /**
     * Adds or replaces one tag.
     *
     * @param key the tag's key
     * @param value the tag's value
     * @return this builder
     */
    public Builder addTag(String key, String value) {
      this.tags.put(key, value);
      return this;
    }

    /**
     * The content hash of the training data, for tags and lineage.
     *
     * @param datasetHash the hash, or null
     * @return this builder
     */
    public Builder datasetHash(String datasetHash) {
      this.datasetHash = datasetHash;
      return this;
    }

    /**
     * Makes this a reinforcement fine-tuning job graded and tuned by {@code rft} (sets the type to
     * {@link CustomizationType#REINFORCEMENT_FINE_TUNING}).
     *
     * @param rft the grader and RFT hyperparameters
     * @return this builder
     */
    public Builder reinforcement(RftSettings rft) {
      this.rft = Objects.requireNonNull(rft, "rft");
      this.type = CustomizationType.REINFORCEMENT_FINE_TUNING;
      return this;
    }

    /**
     * Like {@link #reinforcement(RftSettings)}, building the settings in place.
     *
     * @param rft sets the grader and RFT hyperparameters on a builder holding the current ones
     * @return this builder
     */
    public Builder reinforcement(java.util.function.Consumer<RftSettings.Builder> rft) {
      RftSettings.Builder builder = this.rft == null ? RftSettings.builder() : this.rft.toBuilder();
      Objects.requireNonNull(rft, "rft").accept(builder);
      return reinforcement(builder.build());
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     * @throws IllegalArgumentException when the job name, base model or training URI is missing, a
     *     distillation has no teacher, or a reinforcement fine-tuning job has no grader
     */
    public JobSpec build() {
      return new JobSpec(this);
    }
  }
}
