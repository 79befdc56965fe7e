package app.polychat.finetune.job;

import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The body of Bedrock's {@code CreateModelCustomizationJob} call for a job spec, as JSON. The
 * dry-run backend writes it so users see exactly what would be sent.
 */
public final class CreateJobRequest {
  private CreateJobRequest() {}

  /**
   * The characters an S3 key segment may hold in a URI Bedrock accepts: the Bedrock API model's
   * {@code S3Uri} pattern allows {@code [-!_*'().a-z0-9A-Z]} between slashes.
   */
  public static final String S3_KEY_CHARACTERS = "-!_*'().a-zA-Z0-9";

  /**
   * {@code text} as one S3 key segment Bedrock accepts: every run of other characters becomes one
   * {@code -} (so a job name's {@code +} never reaches an output URI); {@code "-"} when nothing is
   * left.
   *
   * @param text any text, such as a project or job name
   * @return the segment, with leading and trailing {@code -} removed
   */
  public static String s3KeySegment(String text) {
    String segment =
        String.valueOf(text)
            .replaceAll("[^" + S3_KEY_CHARACTERS + "]+", "-")
            .replaceAll("^-+|-+$", "");
    return segment.isEmpty() ? "-" : segment;
  }

  /** Tag key naming the project on jobs and custom models. */
  public static final String PROJECT_TAG = "project";

  /** Tag key carrying the training data's content hash. */
  public static final String DATASET_TAG = "dataset-hash";

  /**
   * {@return the tags sent with a job and its custom model: the spec's own, plus {@value
   * #PROJECT_TAG} and {@value #DATASET_TAG} when the spec knows them, sorted by key}
   *
   * @param spec the job
   */
  public static Map<String, String> tags(JobSpec spec) {
    Map<String, String> tags = new TreeMap<>(spec.tags());
    if (spec.project() != null && !spec.project().isBlank()) {
      tags.putIfAbsent(PROJECT_TAG, spec.project());
    }
    if (spec.datasetHash() != null) {
      tags.putIfAbsent(DATASET_TAG, spec.datasetHash());
    }
    return tags;
  }

  /**
   * {@return where a job writes its outputs when the spec names no place: {@code
   * {base}/{project}/{job name}/{UTC timestamp}/}, as the original toolkit lays them out} The
   * project and job name become key segments Bedrock's S3 URI pattern accepts ({@link
   * #s3KeySegment}): a job name may hold {@code +}, which an S3 URI for Bedrock cannot, so {@code
   * strudel+v2} writes under {@code strudel-v2/}.
   *
   * @param base the folder to write under, such as {@code s3://bucket/outputs}
   * @param spec the job, for its project and name
   * @param at the time for the timestamp segment
   */
  public static URI outputUri(URI base, JobSpec spec, java.time.Instant at) {
    String root = base.toString().endsWith("/") ? base.toString() : base + "/";
    StringBuilder path = new StringBuilder(root);
    if (spec.project() != null && !spec.project().isBlank()) {
      path.append(s3KeySegment(spec.project())).append('/');
    }
    path.append(s3KeySegment(spec.jobName()))
        .append('/')
        .append(app.polychat.finetune.support.KeyTimestamp.FORMAT.format(at))
        .append('/');
    return URI.create(path.toString());
  }

  /**
   * @param roleArn the service role (the spec's own wins when set)
   * @param outputUri where Bedrock writes outputs (the spec's own wins when set)
   * @param spec the job
   * @return Bedrock's {@code CreateModelCustomizationJob} request body
   */
  public static ObjectNode toJson(JobSpec spec, String roleArn, URI outputUri) {
    Objects.requireNonNull(spec, "spec");
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("jobName", spec.jobName());
    body.put("customModelName", spec.customModelName());
    body.put("roleArn", spec.roleArn() != null ? spec.roleArn() : roleArn);
    body.put("clientRequestToken", spec.requestToken());
    body.put("baseModelIdentifier", spec.baseModel());
    body.put("customizationType", spec.type().name());
    body.putObject("trainingDataConfig").put("s3Uri", spec.trainingUri().toString());
    if (spec.validationUri() != null) {
      ArrayNode validators = body.putObject("validationDataConfig").putArray("validators");
      validators.addObject().put("s3Uri", spec.validationUri().toString());
    }
    URI output = spec.outputUri() != null ? spec.outputUri() : outputUri;
    body.putObject("outputDataConfig").put("s3Uri", output == null ? null : output.toString());
    if (spec.type() == CustomizationType.FINE_TUNING) {
      if (!spec.hyperParameters().isEmpty()) {
        ObjectNode params = body.putObject("hyperParameters");
        spec.hyperParameters().forEach(params::put);
      }
    } else if (spec.type() == CustomizationType.REINFORCEMENT_FINE_TUNING) {
      body.putObject("customizationConfig").set("rftConfig", rftConfig(spec.rft()));
    } else {
      body.putObject("customizationConfig")
          .putObject("distillationConfig")
          .putObject("teacherModelConfig")
          .put("teacherModelIdentifier", spec.teacherModel())
          .put("maxResponseLengthForInference", spec.maxResponseLength());
    }
    if (spec.kmsKeyId() != null) {
      body.put("customModelKmsKeyId", spec.kmsKeyId());
    }
    if (!spec.subnetIds().isEmpty()) {
      ObjectNode vpc = body.putObject("vpcConfig");
      spec.subnetIds().forEach(vpc.putArray("subnetIds")::add);
      spec.securityGroupIds().forEach(vpc.putArray("securityGroupIds")::add);
    }
    Map<String, String> tags = tags(spec);
    if (!tags.isEmpty()) {
      ArrayNode jobTags = body.putArray("jobTags");
      tags.forEach((k, v) -> jobTags.addObject().put("key", k).put("value", v));
      body.set("customModelTags", jobTags.deepCopy());
    }
    return body;
  }

  /**
   * {@code customizationConfig.rftConfig}: {@code {"graderConfig": {"lambdaGrader": {"lambdaArn"}},
   * "hyperParameters": {...}}} with the hyperparameters as JSON numbers (the API model's {@code
   * RFTHyperParameters} members are integers, a float and an enum string, not the string map of
   * fine-tuning).
   */
  static ObjectNode rftConfig(RftSettings rft) {
    ObjectNode config = Json.mapper().createObjectNode();
    config
        .putObject("graderConfig")
        .putObject("lambdaGrader")
        .put("lambdaArn", rft.graderLambdaArn());
    if (!rft.hyperParameters().isEmpty()) {
      ObjectNode params = config.putObject("hyperParameters");
      rft.hyperParameters()
          .forEach(
              (name, value) -> {
                if (value instanceof Integer i) {
                  params.put(name, i);
                } else if (value instanceof Double d) {
                  params.put(name, new java.math.BigDecimal(RftSettings.wireLearningRate(d)));
                } else {
                  params.put(name, value.toString());
                }
              });
    }
    return config;
  }
}
