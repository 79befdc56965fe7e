package app.polychat.finetune.bedrock.serving;

import app.polychat.finetune.bedrock.aws.AwsService;
import app.polychat.finetune.bedrock.aws.AwsSettings;
import app.polychat.finetune.bedrock.internal.AwsClients;
import app.polychat.finetune.bedrock.internal.AwsExceptionMapper;
import app.polychat.finetune.bedrock.internal.AwsExceptionMapper.BedrockCall;
import app.polychat.finetune.bedrock.internal.ClientLease;
import app.polychat.finetune.bedrock.internal.ModelIds;
import app.polychat.finetune.job.BackendException;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.validate.BedrockRules;
import app.polychat.finetune.validate.DistillationTeacher;
import app.polychat.finetune.validate.ModelRules;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.FoundationModelSummary;
import software.amazon.awssdk.services.bedrock.model.GetCustomModelResponse;
import software.amazon.awssdk.services.bedrock.model.ModelCustomization;
import software.amazon.awssdk.services.bedrock.model.Tag;
import software.amazon.awssdk.services.bedrock.model.ValidatorMetric;

/**
 * What Bedrock offers and what you have made: foundation models by customization type, the
 * distillation teachers and their students, and your custom models ({@code GetCustomModel}).
 *
 * <pre>{@code
 * try (ModelCatalog catalog = ModelCatalog.builder().region("us-east-1").build()) {
 *   List<FoundationModel> tunable = catalog.foundationModels(CustomizationType.FINE_TUNING);
 *   CustomModelInfo model = catalog.customModel(modelArn);
 * }
 * }</pre>
 */
public final class ModelCatalog implements AutoCloseable {

  private final ClientLease<BedrockClient> lease;
  private final BedrockClient bedrock;
  private final Region region;

  private ModelCatalog(Builder b) {
    AwsSettings aws = b.aws.build();
    this.region =
        aws.bedrockClient()
            .map(c -> c.serviceClientConfiguration().region())
            .orElseGet(aws::region);
    this.lease =
        ClientLease.of(
            aws.bedrockClient(), () -> AwsClients.bedrock(aws, region, aws.maxAttempts()));
    this.bedrock = lease.client();
  }

  /**
   * {@return a builder; with no settings the catalog uses the SDK's default region and credentials}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return the foundation models that support a customization, sorted by provider and id ({@code
   * ListFoundationModels} with {@code byCustomizationType})}
   *
   * @param type the customization method
   * @throws BackendException when Bedrock refuses or cannot be reached
   */
  public List<FoundationModel> foundationModels(CustomizationType type) {
    Objects.requireNonNull(type, "type");
    List<FoundationModelSummary> summaries;
    try {
      summaries =
          bedrock
              .listFoundationModels(
                  r -> r.byCustomizationType(ModelCustomization.fromValue(type.name())))
              .modelSummaries();
    } catch (SdkException e) {
      throw AwsExceptionMapper.toBackend(
          e,
          new BedrockCall(
              "list the foundation models that support " + type.name(),
              region.id(),
              null,
              null,
              null));
    }
    List<FoundationModel> models = new ArrayList<>();
    for (FoundationModelSummary s : summaries) {
      models.add(
          new FoundationModel(
              s.modelId(),
              s.modelName(),
              s.providerName(),
              s.modelArn(),
              s.customizationsSupportedAsStrings(),
              s.inferenceTypesSupportedAsStrings(),
              s.inputModalitiesAsStrings(),
              s.outputModalitiesAsStrings(),
              s.modelLifecycle() == null ? null : s.modelLifecycle().statusAsString()));
    }
    models.sort(
        Comparator.comparing((FoundationModel m) -> String.valueOf(m.provider()))
            .thenComparing(FoundationModel::modelId));
    return models;
  }

  /**
   * {@return the distillation teachers and the students each can teach ({@link
   * BedrockRules#TEACHERS}: the one table the validator and the job-spec checks also read)} Bedrock
   * has no API for it; {@link #foundationModels(CustomizationType)} with {@code DISTILLATION} says
   * which students the region offers this account. Students are named by alias: {@link
   * ModelRules#of(String)} gives each one's model id.
   */
  public static List<DistillationTeacher> distillationTeachers() {
    return BedrockRules.TEACHERS;
  }

  /**
   * {@return a custom model by ARN or name ({@code GetCustomModel})}
   *
   * @param modelArnOrName the custom model's ARN or name
   * @throws BackendException naming the model when Bedrock has none by that identifier
   */
  public CustomModelInfo customModel(String modelArnOrName) {
    Objects.requireNonNull(modelArnOrName, "modelArnOrName");
    GetCustomModelResponse m;
    try {
      m = bedrock.getCustomModel(r -> r.modelIdentifier(modelArnOrName));
    } catch (SdkException e) {
      throw AwsExceptionMapper.toBackend(
          e,
          BedrockCall.about(
              "describe custom model '" + modelArnOrName + "'",
              region.id(),
              "custom model '" + modelArnOrName + "'"));
    }
    return toInfo(m);
  }

  /**
   * {@return the tags on a custom model (or any Bedrock resource), in Bedrock's order; the
   * toolkit's jobs tag their models with {@code project} and {@code dataset-hash}}
   *
   * @param resourceArn the resource's ARN
   * @throws BackendException when Bedrock refuses (the caller needs {@code
   *     bedrock:ListTagsForResource})
   */
  public Map<String, String> tags(String resourceArn) {
    Objects.requireNonNull(resourceArn, "resourceArn");
    List<Tag> tags;
    try {
      tags = bedrock.listTagsForResource(r -> r.resourceARN(resourceArn)).tags();
    } catch (SdkException e) {
      throw AwsExceptionMapper.toBackend(
          e,
          BedrockCall.about(
              "read the tags of " + resourceArn, region.id(), "resource '" + resourceArn + "'"));
    }
    Map<String, String> byKey = new LinkedHashMap<>();
    tags.forEach(t -> byKey.put(t.key(), t.value()));
    return byKey;
  }

  static CustomModelInfo toInfo(GetCustomModelResponse m) {
    Double trainingLoss =
        m.trainingMetrics() == null ? null : decimal(m.trainingMetrics().trainingLoss());
    Double validationLoss = null;
    if (m.hasValidationMetrics() && !m.validationMetrics().isEmpty()) {
      ValidatorMetric last = m.validationMetrics().get(m.validationMetrics().size() - 1);
      validationLoss = decimal(last.validationLoss());
    }
    String teacher = null;
    if (m.customizationConfig() != null
        && m.customizationConfig().distillationConfig() != null
        && m.customizationConfig().distillationConfig().teacherModelConfig() != null) {
      teacher =
          m.customizationConfig()
              .distillationConfig()
              .teacherModelConfig()
              .teacherModelIdentifier();
    }
    return new CustomModelInfo(
        m.modelArn(),
        m.modelName(),
        m.modelStatusAsString(),
        ModelIds.foundationModelId(m.baseModelArn()),
        m.customizationTypeAsString(),
        m.jobArn(),
        m.jobName(),
        teacher,
        m.hasHyperParameters() ? m.hyperParameters() : Map.of(),
        trainingLoss,
        validationLoss,
        m.creationTime(),
        m.failureMessage(),
        m.outputDataConfig() == null ? null : m.outputDataConfig().s3Uri());
  }

  /** The float the SDK gives as the decimal Bedrock wrote (0.156f → 0.156). */
  private static Double decimal(Float value) {
    return value == null ? null : Double.valueOf(value.toString());
  }

  /** {@return the region the catalog reads} */
  public String region() {
    return region.id();
  }

  /** Closes the client the catalog built; an injected client stays open. */
  @Override
  public void close() {
    lease.close();
  }

  @Override
  public String toString() {
    return "ModelCatalog{" + region.id() + "}";
  }

  /** Builds a {@link ModelCatalog}. */
  public static final class Builder {
    private AwsSettings.Builder aws = AwsSettings.builder();

    private Builder() {}

    /**
     * The AWS settings: region, credentials, endpoints, a Bedrock client to borrow (default {@link
     * AwsSettings#fromEnvironment()}). Replaces what the AWS setters below set before it.
     *
     * @param aws the AWS settings: region, credentials, endpoints, a Bedrock client to borrow
     *     (default {@link AwsSettings#fromEnvironment()})
     * @return this builder
     */
    public Builder aws(AwsSettings aws) {
      this.aws = Objects.requireNonNull(aws, "aws").toBuilder();
      return this;
    }

    /**
     * The region (default {@code AWS_REGION}, the profile's, else us-east-1).
     *
     * @param region the region (default {@code AWS_REGION}, the profile's, else us-east-1)
     * @return this builder
     */
    public Builder region(String region) {
      aws.region(region);
      return this;
    }

    /**
     * A Bedrock client to use instead of building one; the catalog does not close it.
     *
     * @param bedrockClient a Bedrock client to use instead of building one; the catalog does not
     *     close it
     * @return this builder
     */
    public Builder bedrockClient(BedrockClient bedrockClient) {
      aws.bedrockClient(bedrockClient);
      return this;
    }

    /**
     * Credentials for the client the catalog builds; default {@code AWS_ACCESS_KEY_ID}/{@code
     * AWS_SECRET_ACCESS_KEY} or {@code AWS_PROFILE} from the environment map, else the SDK's chain.
     *
     * @param credentialsProvider credentials for the client the catalog builds; default {@code
     *     AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} or {@code AWS_PROFILE} from the
     *     environment map, else the SDK's chain
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      aws.credentialsProvider(credentialsProvider);
      return this;
    }

    /**
     * A Bedrock endpoint (default {@code AWS_ENDPOINT_URL_BEDROCK}, then {@code AWS_ENDPOINT_URL}).
     *
     * @param endpointOverride a Bedrock endpoint (default {@code AWS_ENDPOINT_URL_BEDROCK}, then
     *     {@code AWS_ENDPOINT_URL})
     * @return this builder
     */
    public Builder endpointOverride(URI endpointOverride) {
      aws.endpointOverride(AwsService.BEDROCK, endpointOverride);
      return this;
    }

    /**
     * Where the {@code AWS_*} settings are read from; default the process environment.
     *
     * @param environment the variables, by name
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      aws.environment(environment);
      return this;
    }

    /** {@return the ModelCatalog, checking that everything required is set} */
    public ModelCatalog build() {
      return new ModelCatalog(this);
    }
  }
}
