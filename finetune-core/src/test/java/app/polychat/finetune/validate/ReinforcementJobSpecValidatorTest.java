package app.polychat.finetune.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobSpec;
import app.polychat.finetune.job.ReasoningEffort;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Local refusal of reinforcement fine-tuning specs. Ranges, enum and the Lambda ARN pattern come
 * from the Bedrock API model (botocore {@code bedrock/2023-04-20/service-2.json}: {@code
 * RFTHyperParameters}, {@code EpochCount} 1–50, {@code RFTBatchSize} 16–512, {@code
 * RFTLearningRate} 1e-7–1e-3, {@code RFTTrainingSamplePerPrompt} 2–16, {@code RFTEvalInterval}
 * 1–100, {@code LambdaArn} 1–512 characters with its pattern); Nova 2 Lite is the only base model
 * Bedrock tunes this way (UG "Create and manage fine-tuning jobs for Amazon Nova models").
 */
class ReinforcementJobSpecValidatorTest {
  private static final String GRADER =
      "arn:aws:lambda:us-east-1:123456789012:function:finetune-strudel-grader";

  private static JobSpec.Builder rft() {
    return JobSpec.builder()
        .jobName("strudel-rft")
        .baseModel("amazon.nova-2-lite-v1:0:256k")
        .trainingUri(URI.create("s3://my-training-bucket/strudel/train-rft.jsonl"))
        .outputUri(URI.create("s3://my-output-bucket/"))
        .roleArn("arn:aws:iam::123456789012:role/BedrockFineTuning")
        .reinforcement(r -> r.graderLambdaArn(GRADER));
  }

  private static List<Finding> errors(JobSpec spec) {
    return JobSpecValidator.validate(spec).stream().filter(Finding::isError).toList();
  }

  @Test
  void validate_acceptsAGoodRftSpecWithEveryHyperparameterAtItsEdges() {
    assertThat(JobSpecValidator.validate(rft().build())).isEmpty();
    assertThat(
            JobSpecValidator.validate(
                rft()
                    .reinforcement(
                        r ->
                            r.epochCount(1)
                                .batchSize(16)
                                .learningRate(1e-7)
                                .trainingSamplePerPrompt(2)
                                .evalInterval(1)
                                .maxPromptLength(1)
                                .inferenceMaxTokens(1)
                                .reasoningEffort(ReasoningEffort.HIGH))
                    .build()))
        .isEmpty();
    assertThat(
            JobSpecValidator.validate(
                rft()
                    .reinforcement(
                        r ->
                            r.epochCount(50)
                                .batchSize(512)
                                .learningRate(1e-3)
                                .trainingSamplePerPrompt(16)
                                .evalInterval(100))
                    .build()))
        .isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "epochCount, 0, 1–50",
    "epochCount, 51, 1–50",
    "batchSize, 15, 16–512",
    "batchSize, 513, 16–512",
    "learningRate, 0.01, 0.0000001–0.001",
    "learningRate, 0.00000001, 0.0000001–0.001",
    "trainingSamplePerPrompt, 1, 2–16",
    "trainingSamplePerPrompt, 17, 2–16",
    "evalInterval, 0, 1–100",
    "evalInterval, 101, 1–100"
  })
  void validate_refusesOutOfRangeValuesNamingTheRuleAndTheFix(
      String name, String value, String range) {
    JobSpec spec =
        rft()
            .reinforcement(
                r -> {
                  switch (name) {
                    case "epochCount" -> r.epochCount(Integer.valueOf(value));
                    case "batchSize" -> r.batchSize(Integer.valueOf(value));
                    case "learningRate" -> r.learningRate(Double.valueOf(value));
                    case "trainingSamplePerPrompt" ->
                        r.trainingSamplePerPrompt(Integer.valueOf(value));
                    default -> r.evalInterval(Integer.valueOf(value));
                  }
                })
            .build();

    List<Finding> errors = errors(spec);

    assertThat(errors).hasSize(1);
    Finding error = errors.get(0);
    assertThat(error.code()).isEqualTo(FindingCode.HYPERPARAMETER_RANGE);
    assertThat(error.jsonPath())
        .isEqualTo("$.customizationConfig.rftConfig.hyperParameters." + name);
    assertThat(error.message())
        .contains(name)
        .contains("outside reinforcement fine-tuning's range " + range)
        .contains("use a value in range, or leave it unset");
    assertThatThrownBy(() -> JobSpecValidator.requireValid(spec))
        .isInstanceOf(ValidationException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "amazon.nova-lite-v1:0:300k",
        "amazon.nova-micro-v1:0:128k",
        "amazon.nova-pro-v1:0:300k"
      })
  void validate_refusesNonRftBaseModelsNamingNova2Lite(String baseModel) {
    List<Finding> errors = errors(rft().baseModel(baseModel).build());

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).code()).isEqualTo(FindingCode.METHOD_NOT_SUPPORTED);
    assertThat(errors.get(0).message())
        .contains("cannot be customized by reinforcement fine-tuning")
        .contains("use nova-2-lite (amazon.nova-2-lite-v1:0:256k)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:iam::123456789012:role/NotALambda",
        "arn:aws:lambda:us-east-1:1234:function:short-account",
        "arn:aws:lambda:us-east-1:123456789012:function:has space",
        "finetune-strudel-grader"
      })
  void validate_refusesGraderArnsTheApiModelsPatternRejects(String arn) {
    List<Finding> errors = errors(rft().reinforcement(r -> r.graderLambdaArn(arn)).build());

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).code()).isEqualTo(FindingCode.INVALID_LAMBDA_ARN);
    assertThat(errors.get(0).jsonPath())
        .isEqualTo("$.customizationConfig.rftConfig.graderConfig.lambdaGrader.lambdaArn");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        GRADER,
        GRADER + ":$LATEST",
        GRADER + ":live",
        "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:grader:7"
      })
  void validate_acceptsGraderArnsWithVersionsAliasesAndPartitions(String arn) {
    assertThat(errors(rft().reinforcement(r -> r.graderLambdaArn(arn)).build())).isEmpty();
  }

  @Test
  void validate_refusesNonPositiveTokenLimitsAndWarnsOfIgnoredFineTuningParameters() {
    JobSpec spec =
        rft()
            .reinforcement(r -> r.maxPromptLength(0).inferenceMaxTokens(-5))
            .epochCount(3)
            .validationUri(URI.create("s3://my-training-bucket/strudel/validation.jsonl"))
            .build();

    List<Finding> findings = JobSpecValidator.validate(spec);

    assertThat(findings)
        .extracting(Finding::jsonPath, Finding::code)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "$.customizationConfig.rftConfig.hyperParameters.maxPromptLength",
                FindingCode.HYPERPARAMETER_RANGE),
            org.assertj.core.groups.Tuple.tuple(
                "$.customizationConfig.rftConfig.hyperParameters.inferenceMaxTokens",
                FindingCode.HYPERPARAMETER_RANGE),
            org.assertj.core.groups.Tuple.tuple(
                "$.hyperParameters", FindingCode.HYPERPARAMETER_IGNORED),
            org.assertj.core.groups.Tuple.tuple(
                "$.validationDataConfig", FindingCode.VALIDATION_IGNORED));
  }

  @Test
  void spec_rftWithoutGraderIsRefusedWhenBuilt() {
    assertThatThrownBy(
            () ->
                JobSpec.builder()
                    .type(CustomizationType.REINFORCEMENT_FINE_TUNING)
                    .jobName("x")
                    .baseModel("amazon.nova-2-lite-v1:0:256k")
                    .trainingUri(URI.create("s3://b/train.jsonl"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reinforcement(r -> r.graderLambdaArn(...))");
  }

  @Test
  void requestToken_ofFineTuningSpecsIsUnchangedByRftSupport() {
    // the token of a spec without RFT settings hashes the same fields as before RFT existed
    JobSpec plain =
        JobSpec.builder()
            .jobName("strudel")
            .baseModel("amazon.nova-lite-v1:0:300k")
            .trainingUri(URI.create("s3://b/train.jsonl"))
            .build();
    JobSpec rftSpec = plain.toBuilder().reinforcement(r -> r.graderLambdaArn(GRADER)).build();
    // the twenty fields a spec hashed before RFT existed, in their order
    String before =
        "[FINE_TUNING, strudel, strudel, amazon.nova-lite-v1:0:300k, s3://b/train.jsonl, null,"
            + " null, null, null, null, null, null, null, null, 1000, null, [], [], {}, null]";
    assertThat(plain.requestToken())
        .isEqualTo(app.polychat.finetune.support.Hashing.sha256Hex(before));
    assertThat(plain.rft()).isNull();
    assertThat(rftSpec.requestToken()).isNotEqualTo(plain.requestToken());
    assertThat(rftSpec.rft().graderLambdaArn()).isEqualTo(GRADER);
  }
}
