package app.polychat.finetune.bedrock.training.internal;

import app.polychat.finetune.job.BackendException;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobSpec;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.job.JobSummary;
import app.polychat.finetune.job.RftSettings;
import app.polychat.finetune.job.StageStatus;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.bedrock.model.CreateModelCustomizationJobRequest;
import software.amazon.awssdk.services.bedrock.model.GetModelCustomizationJobResponse;
import software.amazon.awssdk.services.bedrock.model.ModelCustomizationJobSummary;
import software.amazon.awssdk.services.bedrock.model.RFTConfig;
import software.amazon.awssdk.services.bedrock.model.RFTHyperParameters;
import software.amazon.awssdk.services.bedrock.model.StatusDetails;
import software.amazon.awssdk.services.bedrock.model.Tag;
import software.amazon.awssdk.services.bedrock.model.Validator;
import software.amazon.awssdk.services.bedrock.model.ValidatorMetric;

/** Between the toolkit's job records and Bedrock's request and response shapes. Not public API. */
public final class BedrockMapping {
  private BedrockMapping() {}

  /**
   * The {@code CreateModelCustomizationJob} request for a spec whose defaults the backend has
   * already filled in.
   *
   * @param output where Bedrock writes the job's outputs
   * @param token the idempotency token
   * @param tags job and custom-model tags, in the order to send them
   */
  public static CreateModelCustomizationJobRequest createRequest(
      JobSpec spec, URI output, String token, Map<String, String> tags) {
    CreateModelCustomizationJobRequest.Builder request =
        CreateModelCustomizationJobRequest.builder()
            .jobName(spec.jobName())
            .customModelName(spec.customModelName())
            .roleArn(spec.roleArn())
            .clientRequestToken(token)
            .baseModelIdentifier(spec.baseModel())
            .customizationType(spec.type().name())
            .trainingDataConfig(t -> t.s3Uri(spec.trainingUri().toString()))
            .outputDataConfig(o -> o.s3Uri(output.toString()));
    if (spec.validationUri() != null) {
      Validator validator = Validator.builder().s3Uri(spec.validationUri().toString()).build();
      request.validationDataConfig(v -> v.validators(List.of(validator)));
    }
    Map<String, String> hyperParameters = spec.hyperParameters();
    if (!hyperParameters.isEmpty()) {
      request.hyperParameters(hyperParameters);
    }
    if (spec.type() == CustomizationType.DISTILLATION) {
      request.customizationConfig(
          c ->
              c.distillationConfig(
                  d ->
                      d.teacherModelConfig(
                          t ->
                              t.teacherModelIdentifier(spec.teacherModel())
                                  .maxResponseLengthForInference(spec.maxResponseLength()))));
    }
    if (spec.rft() != null) {
      request.customizationConfig(c -> c.rftConfig(rftConfig(spec.rft())));
    }
    if (spec.kmsKeyId() != null) {
      request.customModelKmsKeyId(spec.kmsKeyId());
    }
    if (!spec.subnetIds().isEmpty() || !spec.securityGroupIds().isEmpty()) {
      request.vpcConfig(
          v -> v.subnetIds(spec.subnetIds()).securityGroupIds(spec.securityGroupIds()));
    }
    if (!tags.isEmpty()) {
      List<Tag> list = new ArrayList<>();
      tags.forEach((k, v) -> list.add(Tag.builder().key(k).value(v).build()));
      request.jobTags(list).customModelTags(list);
    }
    return request.build();
  }

  /**
   * {@code RFTConfig}: the grader Lambda and the hyperparameters that are set (the API model types
   * them as integers, a float learning rate and the {@code ReasoningEffort} enum).
   */
  static RFTConfig rftConfig(RftSettings rft) {
    RFTHyperParameters.Builder params =
        RFTHyperParameters.builder()
            .epochCount(rft.epochCount())
            .batchSize(rft.batchSize())
            .learningRate(rft.learningRate() == null ? null : rft.learningRate().floatValue())
            .maxPromptLength(rft.maxPromptLength())
            .trainingSamplePerPrompt(rft.trainingSamplePerPrompt())
            .inferenceMaxTokens(rft.inferenceMaxTokens())
            .evalInterval(rft.evalInterval());
    if (rft.reasoningEffort() != null) {
      params.reasoningEffort(rft.reasoningEffort().wireName());
    }
    RFTConfig.Builder config =
        RFTConfig.builder()
            .graderConfig(g -> g.lambdaGrader(l -> l.lambdaArn(rft.graderLambdaArn())));
    if (!rft.hyperParameters().isEmpty()) {
      config.hyperParameters(params.build());
    }
    return config.build();
  }

  /** A job's status as the toolkit reports it. */
  public static JobStatus toStatus(GetModelCustomizationJobResponse job) {
    Double trainingLoss =
        job.trainingMetrics() == null ? null : toDouble(job.trainingMetrics().trainingLoss());
    Double validationLoss = null;
    if (job.hasValidationMetrics() && !job.validationMetrics().isEmpty()) {
      ValidatorMetric last = job.validationMetrics().get(job.validationMetrics().size() - 1);
      validationLoss = toDouble(last.validationLoss());
    }
    return new JobStatus(
        job.jobArn(),
        job.jobName(),
        state(job.statusAsString(), job.jobArn()),
        stages(job.statusDetails()),
        job.failureMessage(),
        job.outputModelArn(),
        job.creationTime(),
        job.lastModifiedTime(),
        job.endTime(),
        trainingLoss,
        validationLoss);
  }

  /** One line of a job listing. */
  public static JobSummary toSummary(ModelCustomizationJobSummary job) {
    return new JobSummary(
        job.jobArn(),
        job.jobName(),
        state(job.statusAsString(), job.jobArn()),
        modelId(job.baseModelArn()),
        job.customModelName(),
        type(job.customizationTypeAsString()),
        job.creationTime(),
        job.endTime());
  }

  /** The sub-stages Bedrock reported, in the order they run; empty when it gave none. */
  static List<StageStatus> stages(StatusDetails details) {
    List<StageStatus> stages = new ArrayList<>(3);
    if (details == null) {
      return stages;
    }
    if (details.validationDetails() != null) {
      var d = details.validationDetails();
      add(stages, "validation", d.statusAsString(), d.creationTime(), d.lastModifiedTime());
    }
    if (details.dataProcessingDetails() != null) {
      var d = details.dataProcessingDetails();
      add(stages, "dataProcessing", d.statusAsString(), d.creationTime(), d.lastModifiedTime());
    }
    if (details.trainingDetails() != null) {
      var d = details.trainingDetails();
      add(stages, "training", d.statusAsString(), d.creationTime(), d.lastModifiedTime());
    }
    return stages;
  }

  private static void add(
      List<StageStatus> stages, String stage, String status, Instant created, Instant modified) {
    if (status != null) {
      stages.add(new StageStatus(stage, status, created, modified));
    }
  }

  static JobState state(String status, String jobArn) {
    if (status == null) {
      throw new BackendException("Bedrock returned no status for job " + jobArn);
    }
    try {
      return JobState.parse(status);
    } catch (IllegalArgumentException e) {
      throw new BackendException(
          "Bedrock reported status '"
              + status
              + "' for job "
              + jobArn
              + ", which this version of the toolkit does not know: upgrade the toolkit",
          e,
          false);
    }
  }

  private static CustomizationType type(String type) {
    if (type == null) {
      return null;
    }
    for (CustomizationType t : CustomizationType.values()) {
      if (t.name().equals(type)) {
        return t;
      }
    }
    return null; // continued pre-training and newer types: not made by this toolkit
  }

  /** {@code arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k} → the id. */
  static String modelId(String arn) {
    if (arn == null) {
      return null;
    }
    int at = arn.indexOf(":foundation-model/");
    return at < 0 ? arn : arn.substring(at + ":foundation-model/".length());
  }

  /** The float the SDK gives as the decimal Bedrock wrote (0.234f → 0.234, not 0.23399999). */
  private static Double toDouble(Float value) {
    return value == null ? null : Double.valueOf(value.toString());
  }
}
