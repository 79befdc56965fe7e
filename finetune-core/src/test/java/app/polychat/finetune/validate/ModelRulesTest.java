package app.polychat.finetune.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.job.CustomizationType;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ModelRulesTest {

  @Test
  void of_acceptsAliasesFullIdsBaseIdsAndArnsInAnyCase() {
    assertThat(ModelRules.of("nova-micro").modelId()).isEqualTo("amazon.nova-micro-v1:0:128k");
    assertThat(ModelRules.of("NOVA-LITE").modelId()).isEqualTo("amazon.nova-lite-v1:0:300k");
    assertThat(ModelRules.of("amazon.nova-pro-v1:0:300k").alias()).isEqualTo("nova-pro");
    assertThat(ModelRules.of("amazon.nova-pro-v1:0").alias()).isEqualTo("nova-pro");
    assertThat(ModelRules.of("nova-2-lite").modelId()).isEqualTo("amazon.nova-2-lite-v1:0:256k");
    assertThat(
            ModelRules.of("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k")
                .alias())
        .isEqualTo("nova-lite");
    assertThat(ModelRules.find("nova-xl")).isEmpty();
    assertThat(ModelRules.find(null)).isEmpty();
    assertThatThrownBy(() -> ModelRules.of("claude"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown model 'claude'")
        .hasMessageContaining("nova-2-lite (amazon.nova-2-lite-v1:0:256k)");
  }

  @Test
  void rulesTable_holdsTheDocumentedLimitsPerModelAndMethod() {
    ModelRules lite = ModelRules.of("nova-lite");
    assertThat(lite.contextTokens()).isEqualTo(32_000);
    assertThat(lite.recordLimits(CustomizationType.FINE_TUNING))
        .isEqualTo(new RecordLimits(8, 20_000, true));
    assertThat(lite.recordLimits(CustomizationType.DISTILLATION))
        .isEqualTo(new RecordLimits(100, 15_000, true));
    assertThat(lite.hyperparameter("epochCount"))
        .get()
        .extracting(HyperparameterRange::describe)
        .isEqualTo("1–5");
    assertThat(lite.hyperparameter("learningRate"))
        .get()
        .extracting(HyperparameterRange::describe)
        .isEqualTo("0.000001–0.0001");
    assertThat(lite.hyperparameter("learningRateWarmupSteps").orElseThrow().max()).isEqualTo(100);
    assertThat(lite.hyperparameter("batchSize").orElseThrow().describe()).isEqualTo("1–1");

    ModelRules nova2 = ModelRules.of("nova-2-lite");
    assertThat(nova2.recordLimits(CustomizationType.FINE_TUNING))
        .isEqualTo(new RecordLimits(200, 20_000, false));
    assertThat(nova2.supports(CustomizationType.DISTILLATION)).isFalse();
    assertThat(nova2.validationSetSupported()).isFalse();
    assertThat(nova2.reasoningSupported()).isTrue();
    assertThat(nova2.toolUseSupported()).isFalse();
    assertThatThrownBy(() -> nova2.recordLimits(CustomizationType.DISTILLATION))
        .hasMessageContaining("Amazon Nova 2 Lite cannot be customized by distillation");

    assertThat(ModelRules.of("nova-micro").mediaSupported()).isFalse();
    assertThat(ModelRules.of("nova-pro").warmupStepsDivisor()).isEqualTo(320);
    assertThat(ModelRules.all()).hasSize(4);
  }

  @Test
  void teachers_pairAsBedrockDocuments() {
    assertThat(ModelRules.of("nova-micro").teachers())
        .extracting(DistillationTeacher::modelId)
        .containsExactly("amazon.nova-pro-v1:0", "amazon.nova-premier-v1:0");
    assertThat(ModelRules.of("nova-pro").teachers())
        .extracting(DistillationTeacher::modelId)
        .containsExactly("amazon.nova-premier-v1:0");
    assertThat(ModelRules.of("nova-2-lite").teachers()).isEmpty();
    DistillationTeacher premier = BedrockRules.TEACHERS.get(1);
    assertThat(premier.matches("us.amazon.nova-premier-v1:0")).isTrue();
    assertThat(
            premier.matches(
                "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-premier-v1:0"))
        .isTrue();
    assertThat(premier.matches("amazon.nova-pro-v1:0")).isFalse();
    assertThat(premier.matches(null)).isFalse();
  }

  @Test
  void parseMethod_acceptsCommandLineAndBedrockSpellings() {
    assertThat(ModelRules.parseMethod("fine-tuning")).isEqualTo(CustomizationType.FINE_TUNING);
    assertThat(ModelRules.parseMethod("DISTILLATION")).isEqualTo(CustomizationType.DISTILLATION);
    assertThat(ModelRules.describe(CustomizationType.FINE_TUNING)).isEqualTo("fine-tuning");
    assertThatThrownBy(() -> ModelRules.parseMethod("rlhf"))
        .hasMessageContaining("unknown method 'rlhf'");
  }

  @Test
  void jobNamePattern_acceptsExactlyWhatBedrocksPatternAccepts() {
    Pattern bedrock = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9\\+\\-\\.])*");
    String alphabet = "aZ09-+._ /";
    Random random = new Random(7);
    for (int n = 0; n < 20_000; n++) {
      int length = 1 + random.nextInt(10);
      StringBuilder name = new StringBuilder();
      for (int i = 0; i < length; i++) {
        name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThat(BedrockRules.JOB_NAME.matcher(name).matches())
          .as(name.toString())
          .isEqualTo(bedrock.matcher(name).matches());
    }
  }

  @Test
  void jobNamePattern_failsFastOnALongBadName() {
    String evil = "a" + "-".repeat(10_000) + "!";
    long start = System.nanoTime();
    assertThat(BedrockRules.JOB_NAME.matcher(evil).matches()).isFalse();
    assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
  }

  @Test
  void namePatterns_matchBedrocksExamples() {
    assertThat(BedrockRules.CUSTOM_MODEL_NAME.matcher("strudel-nova-lite_v4").matches()).isTrue();
    assertThat(BedrockRules.CUSTOM_MODEL_NAME.matcher("strudel.v4").matches()).isFalse();
    assertThat(BedrockRules.CUSTOM_MODEL_NAME.matcher("strudel--v4").matches()).isFalse();
    assertThat(BedrockRules.S3_URI.matcher("s3://my-training-bucket/strudel/train.jsonl").matches())
        .isTrue();
    assertThat(BedrockRules.S3_URI.matcher("s3://my-training-bucket/").matches()).isTrue();
    assertThat(BedrockRules.S3_URI.matcher("s3://My_Bucket/train.jsonl").matches()).isFalse();
    assertThat(BedrockRules.S3_URI.matcher("s3://bucket/my%20file.jsonl").matches()).isFalse();
    assertThat(
            BedrockRules.ROLE_ARN
                .matcher("arn:aws:iam::123456789012:role/BedrockFineTune")
                .matches())
        .isTrue();
    assertThat(BedrockRules.ROLE_ARN.matcher("arn:aws-us-gov:iam::123456789012:role/x").matches())
        .isTrue();
    assertThat(BedrockRules.ROLE_ARN.matcher("arn:aws:iam::123:user/alice").matches()).isFalse();
  }
}
