package app.polychat.finetune.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobSpec;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobSpecValidatorTest {

  private static JobSpec.Builder fineTuning() {
    return JobSpec.builder()
        .jobName("strudel-nova-lite-v4")
        .customModelName("strudel-nova-lite-v4")
        .baseModel("amazon.nova-lite-v1:0:300k")
        .trainingUri(URI.create("s3://my-training-bucket/strudel/2025-11-09T12-00-00/train.jsonl"))
        .validationUri(
            URI.create("s3://my-training-bucket/strudel/2025-11-09T12-00-00/validation.jsonl"))
        .outputUri(URI.create("s3://my-output-bucket/"))
        .roleArn("arn:aws:iam::123456789012:role/BedrockFineTuning")
        .epochCount(2)
        .learningRate(0.00001)
        .warmupSteps(10)
        .batchSize(1);
  }

  private static JobSpec.Builder distillation(String student, String teacher) {
    return JobSpec.builder()
        .type(CustomizationType.DISTILLATION)
        .jobName("strudel-distill")
        .baseModel(student)
        .teacherModel(teacher)
        .trainingUri(URI.create("s3://my-training-bucket/strudel/prompts.jsonl"))
        .outputUri(URI.create("s3://my-output-bucket/"));
  }

  @Test
  void validate_acceptsAGoodFineTuningSpec() {
    assertThat(JobSpecValidator.validate(fineTuning().build())).isEmpty();
    JobSpecValidator.requireValid(fineTuning().build());
  }

  @Test
  void validate_acceptsTheEdgesOfEveryRange() {
    assertThat(
            JobSpecValidator.validate(
                fineTuning().epochCount(1).learningRate(1e-6).warmupSteps(0).build()))
        .isEmpty();
    assertThat(
            JobSpecValidator.validate(
                fineTuning().epochCount(5).learningRate(1e-4).warmupSteps(100).build()))
        .isEmpty();
  }

  @Test
  void validate_reportsEveryHyperparameterOutOfRangeWithItsPath() {
    List<Finding> findings =
        JobSpecValidator.validate(
            fineTuning().epochCount(6).learningRate(0.001).warmupSteps(101).batchSize(8).build());
    assertThat(findings)
        .extracting(Finding::jsonPath, Finding::code, Finding::severity)
        .containsExactly(
            tuple("$.hyperParameters.epochCount", FindingCode.HYPERPARAMETER_RANGE, Severity.ERROR),
            tuple(
                "$.hyperParameters.learningRate", FindingCode.HYPERPARAMETER_RANGE, Severity.ERROR),
            tuple(
                "$.hyperParameters.learningRateWarmupSteps",
                FindingCode.HYPERPARAMETER_RANGE,
                Severity.ERROR),
            tuple("$.hyperParameters.batchSize", FindingCode.HYPERPARAMETER_RANGE, Severity.ERROR));
    assertThat(findings.get(0).message())
        .isEqualTo(
            "epochCount 6 is outside Amazon Nova Lite's range 1–5: use a value in range (default 2)");
    assertThat(findings.get(1).message()).contains("0.001 is outside").contains("0.000001–0.0001");
    assertThat(findings.get(3).message()).contains("fixed batch size of 1");
  }

  @Test
  void validate_reportsBadNamesUrisAndRoleArn() {
    JobSpec spec =
        fineTuning()
            .jobName("my job")
            .customModelName("strudel.v4")
            .trainingUri(URI.create("https://example.com/train.jsonl"))
            .validationUri(URI.create("s3://Bad_Bucket/validation.jsonl"))
            .outputUri(URI.create("s3://bucket/out%20put/"))
            .roleArn("arn:aws:iam::123456789012:user/alice")
            .build();
    List<Finding> findings = JobSpecValidator.validate(spec);
    assertThat(findings)
        .extracting(Finding::jsonPath, Finding::code)
        .containsExactly(
            tuple("$.jobName", FindingCode.INVALID_NAME),
            tuple("$.customModelName", FindingCode.INVALID_NAME),
            tuple("$.trainingDataConfig.s3Uri", FindingCode.INVALID_S3_URI),
            tuple("$.validationDataConfig.validators[0].s3Uri", FindingCode.INVALID_S3_URI),
            tuple("$.outputDataConfig.s3Uri", FindingCode.INVALID_S3_URI),
            tuple("$.roleArn", FindingCode.INVALID_ROLE_ARN));
    assertThat(findings.get(2).message()).contains("Bedrock reads datasets from S3");
    assertThat(findings.get(4).message()).contains("may not contain spaces");
    assertThat(findings).allMatch(Finding::isError);
  }

  @Test
  void validate_reportsANameLongerThanSixtyThreeCharacters() {
    List<Finding> findings =
        JobSpecValidator.validate(fineTuning().jobName("a".repeat(64)).build());
    assertThat(findings)
        .singleElement()
        .extracting(Finding::message)
        .asString()
        .contains("has 64 characters: at most 63");
  }

  @Test
  void validate_wantsTheFullBaseModelId() {
    assertThat(JobSpecValidator.validate(fineTuning().baseModel("nova-lite").build()))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.UNKNOWN_MODEL);
              assertThat(f.message()).contains("send amazon.nova-lite-v1:0:300k");
            });
    assertThat(JobSpecValidator.validate(fineTuning().baseModel("anthropic.claude-v2").build()))
        .singleElement()
        .extracting(Finding::message)
        .asString()
        .contains("not a Nova model the toolkit can customize");
    assertThat(
            JobSpecValidator.validate(
                fineTuning()
                    .baseModel(
                        "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k")
                    .build()))
        .isEmpty();
  }

  @Test
  void validate_checksTeacherStudentPairs() {
    assertThat(
            JobSpecValidator.validate(
                distillation("amazon.nova-micro-v1:0:128k", "amazon.nova-pro-v1:0").build()))
        .isEmpty();
    assertThat(
            JobSpecValidator.validate(
                distillation("amazon.nova-pro-v1:0:300k", "us.amazon.nova-premier-v1:0").build()))
        .isEmpty();
    List<Finding> wrongPair =
        JobSpecValidator.validate(
            distillation("amazon.nova-pro-v1:0:300k", "amazon.nova-pro-v1:0").build());
    assertThat(wrongPair)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.TEACHER_STUDENT_PAIR);
              assertThat(f.jsonPath())
                  .isEqualTo(
                      "$.customizationConfig.distillationConfig.teacherModelConfig.teacherModelIdentifier");
              assertThat(f.message()).contains("use us.amazon.nova-premier-v1:0");
            });
    assertThat(
            JobSpecValidator.validate(
                distillation("amazon.nova-2-lite-v1:0:256k", "amazon.nova-premier-v1:0").build()))
        .extracting(Finding::code)
        .containsExactly(FindingCode.METHOD_NOT_SUPPORTED);
  }

  // The rules below come from the Bedrock API model (botocore
  // botocore/data/bedrock/2023-04-20/service-2.json: shapes S3Uri, Tag, TagKey, TagValue, KmsKeyId,
  // TeacherModelIdentifier and the TooManyTagsException documentation) and the Bedrock user guide
  // ("Supported models and Regions for Amazon Bedrock Model Distillation"), as summarised in
  // BEDROCK-FACTS.md, Corrections.

  @Test
  void validate_refusesNovaPremierByItsBareModelIdAndNamesItsInferenceProfile() {
    for (String bare :
        List.of(
            "amazon.nova-premier-v1:0",
            "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-premier-v1:0")) {
      assertThat(
              JobSpecValidator.validate(distillation("amazon.nova-lite-v1:0:300k", bare).build()))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.code()).isEqualTo(FindingCode.TEACHER_IDENTIFIER);
                assertThat(f.severity()).isEqualTo(Severity.ERROR);
                assertThat(f.message())
                    .contains("only through its inference profile")
                    .endsWith("use us.amazon.nova-premier-v1:0");
              });
    }
    assertThat(
            JobSpecValidator.validate(
                distillation(
                        "amazon.nova-lite-v1:0:300k",
                        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/"
                            + "us.amazon.nova-premier-v1:0")
                    .build()))
        .isEmpty();
  }

  @Test
  void validate_acceptsExactlyTheTeacherStudentPairsOfTheGuidesTable() {
    // UG table: Nova Pro teaches Lite and Micro; Nova Premier (inference profile) teaches Lite,
    // Micro and Pro; Nova 2 Lite is no distillation student.
    List<String> students =
        List.of(
            "amazon.nova-micro-v1:0:128k",
            "amazon.nova-lite-v1:0:300k",
            "amazon.nova-pro-v1:0:300k",
            "amazon.nova-2-lite-v1:0:256k");
    List<String> teachers =
        List.of("amazon.nova-pro-v1:0", "us.amazon.nova-premier-v1:0", "amazon.nova-premier-v1:0");
    List<String> accepted = new java.util.ArrayList<>();
    for (String teacher : teachers) {
      for (String student : students) {
        if (JobSpecValidator.validate(distillation(student, teacher).build()).isEmpty()) {
          accepted.add(teacher + " -> " + student);
        }
      }
    }
    assertThat(accepted)
        .containsExactly(
            "amazon.nova-pro-v1:0 -> amazon.nova-micro-v1:0:128k",
            "amazon.nova-pro-v1:0 -> amazon.nova-lite-v1:0:300k",
            "us.amazon.nova-premier-v1:0 -> amazon.nova-micro-v1:0:128k",
            "us.amazon.nova-premier-v1:0 -> amazon.nova-lite-v1:0:300k",
            "us.amazon.nova-premier-v1:0 -> amazon.nova-pro-v1:0:300k");
  }

  @Test
  void validate_refusesTrainingAndValidationUrisThatNameNoObject() {
    // S3Uri's pattern lets "s3://bucket/" through, but Bedrock needs the data file itself
    List<Finding> findings =
        JobSpecValidator.validate(
            fineTuning()
                .trainingUri(URI.create("s3://my-training-bucket/"))
                .validationUri(URI.create("s3://my-training-bucket/strudel/"))
                .build());
    assertThat(findings)
        .extracting(Finding::jsonPath, Finding::code)
        .containsExactly(
            tuple("$.trainingDataConfig.s3Uri", FindingCode.INVALID_S3_URI),
            tuple("$.validationDataConfig.validators[0].s3Uri", FindingCode.INVALID_S3_URI));
    assertThat(findings.get(0).message())
        .contains("names a bucket, not the training file")
        .contains("s3://my-training-bucket/strudel/training.jsonl");
    assertThat(findings.get(1).message()).contains("names a folder, not the validation file");
    assertThat(
            JobSpecValidator.validate(
                fineTuning().trainingUri(URI.create("s3://my-training-bucket")).build()))
        .extracting(Finding::jsonPath)
        .containsExactly("$.trainingDataConfig.s3Uri");
    // the output location is a folder, and that is fine
    assertThat(
            JobSpecValidator.validate(
                fineTuning().outputUri(URI.create("s3://my-output-bucket/jobs/")).build()))
        .isEmpty();
  }

  @Test
  void validate_refusesAnS3UriLongerThan1024Characters() {
    String key = "a".repeat(1024 - "s3://my-training-bucket/".length() - ".jsonl".length());
    assertThat(
            JobSpecValidator.validate(
                fineTuning()
                    .trainingUri(URI.create("s3://my-training-bucket/" + key + ".jsonl"))
                    .build()))
        .isEmpty();
    assertThat(
            JobSpecValidator.validate(
                fineTuning()
                    .trainingUri(URI.create("s3://my-training-bucket/" + key + "x.jsonl"))
                    .build()))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("1025 characters").contains("1024"));
  }

  @Test
  void validate_refusesMoreThanFiftyTagsCountingTheToolkitsOwn() {
    java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 49; i++) {
      tags.put("team-" + i, "strudel");
    }
    // 49 of the user's + "project" = 50: accepted
    assertThat(JobSpecValidator.validate(fineTuning().project("strudel").tags(tags).build()))
        .isEmpty();
    // + "dataset-hash" = 51: TooManyTagsException ("50 tags per resource")
    List<Finding> findings =
        JobSpecValidator.validate(
            fineTuning().project("strudel").datasetHash("9f86d081").tags(tags).build());
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.INVALID_TAG);
              assertThat(f.jsonPath()).isEqualTo("$.jobTags");
              assertThat(f.message())
                  .contains("51 tags")
                  .contains("at most 50")
                  .contains("remove 1");
            });
  }

  @Test
  void validate_refusesTagKeysAndValuesOutsideBedrocksCharacters() {
    // TagValue: [a-zA-Z0-9\s._:/=+@-]*, 0-256; TagKey: the same characters, 1-128
    assertThat(
            JobSpecValidator.validate(
                fineTuning().addTag("owner", "ops team: a.b@example.com/x=y+z_-").build()))
        .isEmpty();
    List<Finding> findings =
        JobSpecValidator.validate(
            fineTuning()
                .addTag("cost-center", "strudel, v2 (beta)")
                .addTag("k".repeat(129), "x")
                .addTag("long", "v".repeat(257))
                .build());
    assertThat(findings)
        .extracting(Finding::jsonPath)
        .containsExactlyInAnyOrder("$.jobTags[0].value", "$.jobTags[1].key", "$.jobTags[2].value");
    assertThat(findings).anySatisfy(f -> assertThat(f.message()).contains("'strudel, v2 (beta)'"));
  }

  @Test
  void validate_refusesAKmsKeyBedrockWouldRefuse() {
    assertThat(
            JobSpecValidator.validate(
                fineTuning()
                    .kmsKeyId(
                        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
                    .build()))
        .isEmpty();
    assertThat(JobSpecValidator.validate(fineTuning().kmsKeyId("alias/finetune").build()))
        .isEmpty();
    assertThat(JobSpecValidator.validate(fineTuning().kmsKeyId("my key").build()))
        .extracting(Finding::jsonPath, Finding::code)
        .containsExactly(tuple("$.customModelKmsKeyId", FindingCode.INVALID_KMS_KEY));
  }

  @Test
  void validate_warnsThatDistillationIgnoresHyperparameters() {
    List<Finding> findings =
        JobSpecValidator.validate(
            distillation("amazon.nova-lite-v1:0:300k", "amazon.nova-pro-v1:0")
                .epochCount(3)
                .build());
    assertThat(findings)
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple(FindingCode.HYPERPARAMETER_IGNORED, Severity.WARNING));
  }

  @Test
  void validate_warnsThatNova2LiteIgnoresAValidationSet() {
    List<Finding> findings =
        JobSpecValidator.validate(fineTuning().baseModel("amazon.nova-2-lite-v1:0:256k").build());
    assertThat(findings)
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple(FindingCode.VALIDATION_IGNORED, Severity.WARNING));
  }

  @Test
  void validate_checksTheVpcConfiguration() {
    assertThat(JobSpecValidator.validate(fineTuning().subnetIds(List.of("subnet-1")).build()))
        .extracting(Finding::jsonPath)
        .containsExactly("$.vpcConfig.securityGroupIds");
    assertThat(
            JobSpecValidator.validate(
                fineTuning()
                    .subnetIds(Collections.nCopies(17, "subnet-1"))
                    .securityGroupIds(List.of("sg-1"))
                    .build()))
        .extracting(Finding::jsonPath)
        .containsExactly("$.vpcConfig.subnetIds");
    assertThat(
            JobSpecValidator.validate(
                fineTuning()
                    .subnetIds(List.of("subnet-1"))
                    .securityGroupIds(List.of("sg-1"))
                    .build()))
        .isEmpty();
  }

  @Test
  void validateForDryRun_acceptsLocalFilesWithAWarning() {
    JobSpec local =
        fineTuning()
            .trainingUri(URI.create("file:/tmp/datasets/strudel/train.jsonl"))
            .validationUri(null)
            .build();
    assertThat(JobSpecValidator.validateForDryRun(local))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(tuple(FindingCode.INVALID_S3_URI, Severity.WARNING));
    assertThat(JobSpecValidator.validate(local))
        .extracting(Finding::severity)
        .containsExactly(Severity.ERROR);
  }

  @Test
  void requireValid_throwsWithTheErrorsListed() {
    assertThatThrownBy(() -> JobSpecValidator.requireValid(fineTuning().epochCount(9).build()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("job 'strudel-nova-lite-v4' has 1 error Bedrock would reject")
        .hasMessageContaining("$.hyperParameters.epochCount: HYPERPARAMETER_RANGE epochCount 9");
  }
}
