package app.polychat.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.generate.GenerationIncompleteException;
import app.polychat.finetune.generate.Shortfall;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.JsonlExampleSource;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.track.InMemoryRunTracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK never returns a short dataset silently. */
class FineTunePipelineRerunTest {
  @TempDir Path dir;
  final InMemoryRunTracker tracker = new InMemoryRunTracker();

  Path samples() throws IOException {
    Path copy = dir.resolve("poems.jsonl");
    try (var in = getClass().getResourceAsStream("/samples/poems.jsonl")) {
      Files.copy(in, copy);
    }
    return copy;
  }

  FineTunePipeline pipeline(ExampleSource source) {
    return FineTunePipeline.builder()
        .prompts(
            PromptCatalog.load(getClass().getResourceAsStream("/prompts/mini.json"), "mini.json"))
        .source(source)
        .tracker(tracker)
        .outputDir(dir.resolve("out"))
        .build();
  }

  @Test
  void generate_withTheDefaultCount_plansWhatASmallerSourceCanAnswer() throws IOException {
    try (JsonlExampleSource source = JsonlExampleSource.open(samples());
        FineTunePipeline pipeline = pipeline(source)) {
      Generation generation = pipeline.generate();
      Shortfall s = generation.shortfall();
      assertThat(s.planned()).isEqualTo(source.size()).isLessThan(300);
      assertThat(s.complete()).isTrue();
      assertThat(generation.partial()).isFalse();
      assertThat(s.accepted() + s.dropped()).isEqualTo(source.size());
    }
  }

  @Test
  void generate_countLargerThanTheSourceCanAnswer_failsBeforeAskingAnything() throws IOException {
    try (JsonlExampleSource source = JsonlExampleSource.open(samples());
        FineTunePipeline pipeline = pipeline(source)) {
      assertThatThrownBy(() -> pipeline.generate(g -> g.count(300)))
          .isInstanceOf(FineTuneException.class)
          .hasMessageContaining("can answer " + source.size() + " requests, and 300 were asked")
          .hasMessageContaining("nothing was asked");
      assertThat(tracker.datasets(10)).isEmpty();
      assertThat(dir.resolve("out/train.jsonl")).doesNotExist();
    }
  }

  /** A teacher whose first {@code failures} calls fail with a bad answer. */
  static ExampleSource failingFirst(int failures, AtomicInteger calls) {
    return request -> {
      if (calls.incrementAndGet() <= failures) {
        throw new SourceException("the answer has no code", false);
      }
      return answer(request);
    };
  }

  static GeneratedExample answer(GenerationRequest request) {
    return GeneratedExample.answer(
        request,
        "s(\"bd*" + request.index() + "\")",
        "t",
        10,
        20,
        java.time.Duration.ofMillis(1),
        1);
  }

  @Test
  void generate_shortDataset_throwsWithTheShortfall_recordsNothing_andARerunCompletesIt() {
    AtomicInteger calls = new AtomicInteger();
    try (FineTunePipeline pipeline = pipeline(failingFirst(3, calls))) {
      assertThatThrownBy(() -> pipeline.generate(g -> g.count(12)))
          .isInstanceOfSatisfying(
              GenerationIncompleteException.class,
              e -> {
                assertThat(e.datasetShort()).isTrue();
                assertThat(e.stopped()).isFalse();
                Shortfall s = e.shortfall();
                assertThat(List.of(s.planned(), s.accepted(), s.failed(), s.missing()))
                    .containsExactly(12, 9, 3, 3);
                assertThat(e.retryable()).isTrue();
              })
          .hasMessageContaining("the dataset is short: 9 of 12")
          .hasMessageContaining("Run the same command again to ask for the 3 missing requests");
      assertThat(tracker.datasets(10)).isEmpty();

      Generation complete = pipeline.generate(g -> g.count(12));
      assertThat(complete.shortfall().complete()).isTrue();
      assertThat(complete.shortfall().accepted()).isEqualTo(12);
      assertThat(calls.get()).isEqualTo(15);
      assertThat(tracker.datasets(10)).hasSize(1);
    }
  }

  @Test
  void generate_allowPartial_recordsTheShortDatasetAndSaysItIsPartial() {
    try (FineTunePipeline pipeline = pipeline(failingFirst(2, new AtomicInteger()))) {
      Generation generation = pipeline.generate(g -> g.count(12).allowPartial(true));
      assertThat(generation.partial()).isTrue();
      assertThat(generation.shortfall().missing()).isEqualTo(2);
      assertThat(generation.record().metadata())
          .containsEntry("partial", "true")
          .containsEntry("missing", "2");
    }
  }

  @Test
  void generate_allFailing_throwsAndRecordsNoDataset_evenWithAllowPartial() {
    try (FineTunePipeline pipeline = pipeline(failingFirst(1000, new AtomicInteger()))) {
      assertThatThrownBy(() -> pipeline.generate(g -> g.count(6).allowPartial(true)))
          .isInstanceOf(GenerationIncompleteException.class)
          .hasMessageContaining("0 of 6 planned examples accepted");
      assertThat(tracker.datasets(10)).isEmpty();
      assertThat(dir.resolve("out/train.jsonl")).doesNotExist();
    }
  }
}
