package app.polychat.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.format.BedrockConversationFormatter;
import app.polychat.finetune.generate.GenerationEngine;
import app.polychat.finetune.generate.GenerationOptions;
import app.polychat.finetune.generate.GenerationResult;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.prompt.PromptPlan;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.track.InMemoryRunTracker;
import app.polychat.finetune.track.RunSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's spec travels from the pipeline through the engine to the tracker as typed values: the
 * teacher model is the one the source names (it was always null before: the engine read a map key
 * nobody wrote), and the settings are the plan's and the options'.
 */
class RunSpecHandOffTest {
  @TempDir Path dir;

  /** A teacher that names its model, as the Polychat and Bedrock sources do. */
  static final class NamedTeacher implements ExampleSource {
    private final String model;

    NamedTeacher(String model) {
      this.model = model;
    }

    @Override
    public GeneratedExample generate(GenerationRequest request) {
      return GeneratedExample.answer(
          request, "s(\"bd*" + (request.index() + 1) + "\")", model, 10, 20, Duration.ZERO, 1);
    }

    @Override
    public String describe() {
      return "polychat:" + model;
    }

    @Override
    public Optional<String> teacherModel() {
      return Optional.of(model);
    }
  }

  static PromptCatalog prompts() {
    return PromptCatalog.load(
        RunSpecHandOffTest.class.getResourceAsStream("/prompts/mini.json"), "mini.json");
  }

  @Test
  void engine_recordsTheTeacherModelTheSourceNames_andThePlansSettings() {
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    PromptPlan plan = prompts().plan(6, List.of("limerick", "haiku"), List.of("ornate"), 0);
    GenerationOptions options =
        new GenerationOptions(dir, BedrockConversationFormatter.FORMAT_ID, 0.5, 7, false, true);

    GenerationResult result =
        GenerationEngine.builder()
            .source(new NamedTeacher("claude-4-5-sonnet"))
            .tracker(tracker)
            .build()
            .run(plan, options);

    RunSpec spec = tracker.run(result.runId()).orElseThrow().spec();
    assertThat(spec.teacherModel()).isEqualTo("claude-4-5-sonnet");
    assertThat(spec.source()).isEqualTo("polychat:claude-4-5-sonnet");
    assertThat(spec.planHash()).isEqualTo(plan.planHash());
    assertThat(spec.promptConfigHash()).isEqualTo(prompts().configHash());
    assertThat(spec.plannedCount()).isEqualTo(6);
    assertThat(spec.settings().styles()).containsExactly("limerick", "haiku");
    assertThat(spec.settings().complexities()).containsExactly("ornate");
    assertThat(spec.settings().trainRatio()).isEqualTo(0.5);
    assertThat(spec.settings().seed()).isEqualTo(7L);
    assertThat(spec.settings().formatId()).isEqualTo(BedrockConversationFormatter.FORMAT_ID);
  }

  @Test
  void pipeline_recordsTheTeacherModelAndTheGenerateSettings() {
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    try (FineTunePipeline pipeline =
        FineTunePipeline.builder()
            .prompts(prompts())
            .source(new NamedTeacher("us.amazon.nova-premier-v1:0"))
            .tracker(tracker)
            .outputDir(dir)
            .build()) {
      Generation generation =
          pipeline.generate(g -> g.count(8).styles("haiku").trainRatio(0.75).seed(99));

      RunSpec spec = tracker.run(generation.result().orElseThrow().runId()).orElseThrow().spec();
      assertThat(spec.teacherModel()).isEqualTo("us.amazon.nova-premier-v1:0");
      assertThat(spec.plannedCount()).isEqualTo(8);
      assertThat(spec.settings().styles()).containsExactly("haiku");
      assertThat(spec.settings().complexities()).containsExactly("plain", "ornate");
      assertThat(spec.settings().trainRatio()).isEqualTo(0.75);
      assertThat(spec.settings().seed()).isEqualTo(99L);
    }
  }

  @Test
  void aSourceThatNamesNoModel_leavesTheTeacherModelEmpty() {
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    ExampleSource anonymous =
        request ->
            GeneratedExample.answer(
                request, "s(\"hh*" + request.index() + "\")", "x", 1, 1, Duration.ZERO, 1);

    GenerationResult result =
        GenerationEngine.builder()
            .source(anonymous)
            .tracker(tracker)
            .build()
            .run(prompts().plan(2, List.of(), List.of(), 0), GenerationOptions.defaults(dir));

    assertThat(tracker.run(result.runId()).orElseThrow().spec().teacherModel()).isNull();
  }
}
