package app.polychat.finetune.bedrock.testing;

import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobSpec;
import app.polychat.finetune.job.ReasoningEffort;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Job specs and backends shared by the Bedrock tests and the second-process program. */
public final class TestSpecs {
  public static final String TRAIN = "s3://training-bucket/strudel/2025-11-09T12-00-00/train.jsonl";
  public static final String VALIDATION =
      "s3://training-bucket/strudel/2025-11-09T12-00-00/validation.jsonl";
  public static final String DATASET_HASH =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  public static final Instant SUBMITTED = Instant.parse("2025-11-09T13:00:00Z");

  private TestSpecs() {}

  /** A fine-tuning job as the original toolkit creates one, naming its own role. */
  public static JobSpec fineTuning() {
    return JobSpec.builder()
        .type(CustomizationType.FINE_TUNING)
        .jobName("strudel-nova-lite-v1")
        .baseModel("amazon.nova-lite-v1:0:300k")
        .trainingUri(URI.create(TRAIN))
        .validationUri(URI.create(VALIDATION))
        .roleArn(BedrockWireMock.ROLE)
        .project("strudel")
        .epochCount(2)
        .batchSize(1)
        .learningRate(0.00001)
        .warmupSteps(10)
        .datasetHash(DATASET_HASH)
        .build();
  }

  /** A distillation job that leaves the role to the backend and carries tags of its own. */
  public static JobSpec distillation() {
    return JobSpec.builder()
        .type(CustomizationType.DISTILLATION)
        .jobName("strudel-nova-lite-distilled")
        .baseModel("amazon.nova-lite-v1:0:300k")
        .teacherModel("us.amazon.nova-premier-v1:0")
        .maxResponseLength(1000)
        .trainingUri(URI.create(TRAIN))
        .project("strudel")
        .addTag("team", "music")
        .addTag("cost-center", "42")
        .addTag("env", "test")
        .datasetHash(DATASET_HASH)
        .build();
  }

  /**
   * An RFT job on Nova 2 Lite setting every hyperparameter of the API model's RFTHyperParameters.
   */
  public static JobSpec reinforcement() {
    return JobSpec.builder()
        .jobName("strudel-nova-2-lite-rft")
        .baseModel("amazon.nova-2-lite-v1:0:256k")
        .trainingUri(URI.create(RFT_TRAIN))
        .roleArn(BedrockWireMock.ROLE)
        .project("strudel")
        .datasetHash(DATASET_HASH)
        .reinforcement(
            r ->
                r.graderLambdaArn(GRADER)
                    .epochCount(2)
                    .batchSize(64)
                    .learningRate(0.00001)
                    .maxPromptLength(4096)
                    .trainingSamplePerPrompt(4)
                    .inferenceMaxTokens(2048)
                    .reasoningEffort(ReasoningEffort.LOW)
                    .evalInterval(10))
        .build();
  }

  public static final String RFT_TRAIN =
      "s3://training-bucket/strudel/2025-11-09T12-00-00/train-rft.jsonl";
  public static final String GRADER =
      "arn:aws:lambda:us-east-1:123456789012:function:finetune-strudel-grader";

  public static Clock clockAt(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }
}
