package app.polychat.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.ReasoningEffort;
import app.polychat.finetune.support.Json;
import app.polychat.finetune.validate.ValidationException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train(t -> t.reinforcement(...))} through the pipeline and its dry-run backend. */
class ReinforcementPipelineTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-09T12:00:00Z"), ZoneOffset.UTC);
  static final String GRADER =
      "arn:aws:lambda:us-east-1:123456789012:function:finetune-strudel-grader";
  @TempDir Path dir;

  @Test
  void train_reinforcementWritesRftConfigOnNova2LiteWithoutValidationOrFineTuningParameters()
      throws IOException {
    Path train = Files.writeString(dir.resolve("train-rft.jsonl"), "{}\n");
    Path validation = Files.writeString(dir.resolve("validation.jsonl"), "{}\n");
    try (FineTunePipeline pipeline =
        FineTunePipeline.builder().outputDir(dir).clock(CLOCK).build()) {
      TrainingJob job =
          pipeline
              .stored(train.toUri(), validation.toUri())
              .train(
                  t ->
                      t.name("strudel-rft")
                          .reinforcement(
                              r ->
                                  r.graderLambdaArn(GRADER)
                                      .epochCount(2)
                                      .trainingSamplePerPrompt(4)
                                      .reasoningEffort(ReasoningEffort.MEDIUM)));

      JsonNode body = Json.parse(Files.readString(dir.resolve("dry-run-strudel-rft.json")));
      assertThat(body.get("customizationType").asText()).isEqualTo("REINFORCEMENT_FINE_TUNING");
      assertThat(body.get("baseModelIdentifier").asText())
          .isEqualTo("amazon.nova-2-lite-v1:0:256k");
      assertThat(
              body.at("/customizationConfig/rftConfig/graderConfig/lambdaGrader/lambdaArn")
                  .asText())
          .isEqualTo(GRADER);
      assertThat(body.at("/customizationConfig/rftConfig/hyperParameters"))
          .isEqualTo(
              Json.parse(
                  "{\"epochCount\":2,\"trainingSamplePerPrompt\":4,\"reasoningEffort\":\"medium\"}"));
      assertThat(body.has("hyperParameters")).isFalse();
      assertThat(body.has("validationDataConfig")).isFalse();
      assertThat(job.status().state()).isEqualTo(JobState.DRY_RUN);
    }
  }

  @Test
  void train_reinforcementOutOfRangeOrOnANonRftModelIsRefusedBeforeSubmission() throws IOException {
    Path train = Files.writeString(dir.resolve("train-rft.jsonl"), "{}\n");
    try (FineTunePipeline pipeline =
        FineTunePipeline.builder().outputDir(dir).clock(CLOCK).build()) {
      assertThatThrownBy(
              () ->
                  pipeline
                      .stored(train.toUri(), null)
                      .train(
                          t ->
                              t.name("rft")
                                  .reinforcement(r -> r.graderLambdaArn(GRADER).batchSize(1024))))
          .isInstanceOf(ValidationException.class)
          .satisfies(
              e ->
                  assertThat(((ValidationException) e).findings())
                      .anySatisfy(f -> assertThat(f.message()).contains("batchSize 1024")));
      assertThatThrownBy(
              () ->
                  pipeline
                      .stored(train.toUri(), null)
                      .train(
                          t ->
                              t.name("rft")
                                  .baseModel("amazon.nova-pro-v1:0:300k")
                                  .reinforcement(r -> r.graderLambdaArn(GRADER))))
          .isInstanceOf(ValidationException.class)
          .satisfies(
              e ->
                  assertThat(((ValidationException) e).findings())
                      .anySatisfy(
                          f ->
                              assertThat(f.message())
                                  .contains("cannot be customized by reinforcement fine-tuning")));
      assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("dry-run-"));
    }
  }
}
