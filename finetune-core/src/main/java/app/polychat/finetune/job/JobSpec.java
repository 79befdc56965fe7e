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

  public static Builder builder() {
    return new Builder();
  }

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

  public CustomizationType type() {
    return type;
  }

  public String jobName() {
    return jobName;
  }

  /** Defaults to the job name. */
  public String customModelName() {
    return customModelName;
  }

  public String baseModel() {
    return baseModel;
  }

  public URI trainingUri() {
    return trainingUri;
  }

  /** Null when the job has no validation set. */
  public URI validationUri() {
    return validationUri;
  }

  /** Where the service writes its outputs; null lets the backend decide. */
  public URI outputUri() {
    return outputUri;
  }

  /** The IAM role the service assumes; null lets the backend use its configured role. */
  public String roleArn() {
    return roleArn;
  }

  public String project() {
    return project;
  }

  /** Null means the service default. */
  public Integer epochCount() {
    return epochCount;
  }

  public Double learningRate() {
    return learningRate;
  }

  public Integer warmupSteps() {
    return warmupSteps;
  }

  public Integer batchSize() {
    return batchSize;
  }

  /** The teacher for distillation, null for fine-tuning. */
  public String teacherModel() {
    return teacherModel;
  }

  /** {@code maxResponseLengthForInference} for distillation. */
  public int maxResponseLength() {
    return maxResponseLength;
  }

  public String kmsKeyId() {
    return kmsKeyId;
  }

  public List<String> subnetIds() {
    return subnetIds;
  }

  public List<String> securityGroupIds() {
    return securityGroupIds;
  }

  public Map<String, String> tags() {
    return tags;
  }

  /** Content hash of the training data, for tags and lineage; may be null. */
  public String datasetHash() {
    return datasetHash;
  }

  /**
   * The grader and RFT hyperparameters of a reinforcement fine-tuning job; null for other types.
   */
  public RftSettings rft() {
    return type == CustomizationType.REINFORCEMENT_FINE_TUNING ? rft : null;
  }

  /**
   * The hyperparameters as Bedrock takes them in {@code hyperParameters} (strings, only those set);
   * empty for distillation and for reinforcement fine-tuning, whose hyperparameters travel in
   * {@code customizationConfig.rftConfig} ({@link #rft()}).
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
   * A deterministic idempotency token (64 hex characters) derived from every field of the spec; it
   * matches Bedrock's {@code clientRequestToken} pattern.
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

    public Builder type(CustomizationType type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    public Builder jobName(String jobName) {
      this.jobName = jobName;
      return this;
    }

    public Builder customModelName(String customModelName) {
      this.customModelName = customModelName;
      return this;
    }

    public Builder baseModel(String baseModel) {
      this.baseModel = baseModel;
      return this;
    }

    public Builder trainingUri(URI trainingUri) {
      this.trainingUri = trainingUri;
      return this;
    }

    public Builder validationUri(URI validationUri) {
      this.validationUri = validationUri;
      return this;
    }

    public Builder outputUri(URI outputUri) {
      this.outputUri = outputUri;
      return this;
    }

    public Builder roleArn(String roleArn) {
      this.roleArn = roleArn;
      return this;
    }

    public Builder project(String project) {
      this.project = project;
      return this;
    }

    public Builder epochCount(Integer epochCount) {
      this.epochCount = epochCount;
      return this;
    }

    public Builder learningRate(Double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder warmupSteps(Integer warmupSteps) {
      this.warmupSteps = warmupSteps;
      return this;
    }

    public Builder batchSize(Integer batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Makes this a distillation job taught by {@code teacherModel}. */
    public Builder teacherModel(String teacherModel) {
      this.teacherModel = teacherModel;
      return this;
    }

    public Builder maxResponseLength(int maxResponseLength) {
      if (maxResponseLength < 1) {
        throw new IllegalArgumentException(
            "maxResponseLength must be >= 1, was " + maxResponseLength);
      }
      this.maxResponseLength = maxResponseLength;
      return this;
    }

    public Builder kmsKeyId(String kmsKeyId) {
      this.kmsKeyId = kmsKeyId;
      return this;
    }

    public Builder subnetIds(List<String> subnetIds) {
      this.subnetIds = List.copyOf(subnetIds);
      return this;
    }

    public Builder securityGroupIds(List<String> securityGroupIds) {
      this.securityGroupIds = List.copyOf(securityGroupIds);
      return this;
    }

    public Builder tags(Map<String, String> tags) {
      this.tags = new LinkedHashMap<>(tags);
      return this;
    }

    public Builder addTag(String key, String value) {
      this.tags.put(key, value);
      return this;
    }

    public Builder datasetHash(String datasetHash) {
      this.datasetHash = datasetHash;
      return this;
    }

    /**
     * Makes this a reinforcement fine-tuning job graded and tuned by {@code rft} (sets the type to
     * {@link CustomizationType#REINFORCEMENT_FINE_TUNING}).
     */
    public Builder reinforcement(RftSettings rft) {
      this.rft = Objects.requireNonNull(rft, "rft");
      this.type = CustomizationType.REINFORCEMENT_FINE_TUNING;
      return this;
    }

    /** Like {@link #reinforcement(RftSettings)}, building the settings in place. */
    public Builder reinforcement(java.util.function.Consumer<RftSettings.Builder> rft) {
      RftSettings.Builder builder = this.rft == null ? RftSettings.builder() : this.rft.toBuilder();
      Objects.requireNonNull(rft, "rft").accept(builder);
      return reinforcement(builder.build());
    }

    public JobSpec build() {
      return new JobSpec(this);
    }
  }
}
