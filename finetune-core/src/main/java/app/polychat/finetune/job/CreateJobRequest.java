package app.polychat.finetune.job;

import app.polychat.finetune.internal.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Objects;

/**
 * The body of Bedrock's {@code CreateModelCustomizationJob} call for a job spec, as JSON. The
 * dry-run backend writes it so users see exactly what would be sent.
 */
public final class CreateJobRequest {
  private CreateJobRequest() {}

  /**
   * @param roleArn the service role (the spec's own wins when set)
   * @param outputUri where Bedrock writes outputs (the spec's own wins when set)
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
      ObjectNode params = body.putObject("hyperParameters");
      spec.hyperParameters().forEach(params::put);
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
    if (!spec.tags().isEmpty()) {
      ArrayNode tags = body.putArray("jobTags");
      spec.tags().forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
    }
    return body;
  }
}
