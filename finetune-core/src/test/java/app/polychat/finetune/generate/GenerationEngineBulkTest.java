package app.polychat.finetune.generate;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.prompt.PromptPlan;
import app.polychat.finetune.source.BulkRun;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationOutcome;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.source.SourceUnavailableException;
import app.polychat.finetune.track.CountingRunTracker;
import app.polychat.finetune.track.InMemoryRunTracker;
import app.polychat.finetune.track.JournalStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's bulk path: the same guarantees as single calls, whatever the source delivers. */
class GenerationEngineBulkTest {
  @TempDir Path dir;

  /** A bulk teacher whose behaviour each test scripts; answers carry the plan index. */
  static final class BulkSource implements ExampleSource {
    final List<List<String>> batches = new ArrayList<>();
    final AtomicBoolean cancelled = new AtomicBoolean();
    private final BiConsumer<List<GenerationRequest>, BulkRun> script;

    BulkSource(BiConsumer<List<GenerationRequest>, BulkRun> script) {
      this.script = script;
    }

    @Override
    public boolean prefersBulk() {
      return true;
    }

    @Override
    public GeneratedExample generate(GenerationRequest request) {
      throw new AssertionError("a bulk source is never asked one request at a time");
    }

    @Override
    public void generateAll(List<GenerationRequest> requests, BulkRun run) {
      batches.add(requests.stream().map(GenerationRequest::id).toList());
      script.accept(requests, run);
    }

    @Override
    public void cancelPending() {
      cancelled.set(true);
    }
  }

  static GeneratedExample answer(GenerationRequest r) {
    return GeneratedExample.answer(
        r, "s(\"bd*" + (r.index() + 1) + "\")", "batch-teacher", 10, 20, Duration.ofMillis(5), 1);
  }

  static void answerAllInReverse(List<GenerationRequest> requests, BulkRun run) {
    List<GenerationRequest> reversed = new ArrayList<>(requests);
    Collections.reverse(reversed);
    reversed.forEach(r -> run.deliver(GenerationOutcome.answered(r, answer(r))));
  }

  GenerationEngine engine(ExampleSource source, app.polychat.finetune.track.RunTracker tracker) {
    return GenerationEngine.builder().source(source).tracker(tracker).build();
  }

  static PromptPlan plan(int count) {
    return GenerationEngineTest.plan(count);
  }

  @Test
  void bulk_writesTheSameFilesAsSingleCallsWhateverTheDeliveryOrder() throws IOException {
    Path single = dir.resolve("single");
    Path bulk = dir.resolve("bulk");
    GenerationEngine.builder()
        .source(ScriptedSource.distinctAnswers())
        .tracker(new InMemoryRunTracker())
        .concurrency(8)
        .build()
        .run(plan(50), GenerationOptions.defaults(single));
    BulkSource source = new BulkSource(GenerationEngineBulkTest::answerAllInReverse);
    GenerationResult result =
        engine(source, new InMemoryRunTracker()).run(plan(50), GenerationOptions.defaults(bulk));

    assertThat(result.examples()).isEqualTo(50);
    assertThat(source.batches).hasSize(1);
    assertThat(source.batches.get(0)).hasSize(50);
    assertThat(Files.readString(bulk.resolve("train.jsonl")))
        .isEqualTo(Files.readString(single.resolve("train.jsonl")));
    assertThat(Files.readString(bulk.resolve("validation.jsonl")))
        .isEqualTo(Files.readString(single.resolve("validation.jsonl")));
  }

  @Test
  void bulk_rerunAfterACrashAsksOnlyForWhatIsLeftAndSeesTheCheckpoints() {
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    AtomicInteger runs = new AtomicInteger();
    List<Map<String, String>> checkpointsSeen = new ArrayList<>();
    BulkSource source =
        new BulkSource(
            (requests, run) -> {
              checkpointsSeen.add(run.checkpoints());
              if (runs.incrementAndGet() == 1) {
                run.checkpoint("job", "arn:job-1");
                for (GenerationRequest r : requests.subList(0, 12)) {
                  run.deliver(GenerationOutcome.answered(r, answer(r)));
                }
                throw new IllegalStateException("the download broke off");
              }
              answerAllInReverse(requests, run);
            });

    GenerationResult first = engine(source, tracker).run(plan(30), GenerationOptions.defaults(dir));
    assertThat(first.stoppedReason()).contains("the download broke off");
    assertThat(first.dataset()).isNull();
    assertThat(first.examples()).isEqualTo(12);

    GenerationResult second =
        engine(source, tracker).run(plan(30), GenerationOptions.defaults(dir));
    assertThat(second.runId()).isEqualTo(first.runId());
    assertThat(second.resumed()).isEqualTo(12);
    assertThat(source.batches.get(1))
        .hasSize(18)
        .doesNotContainAnyElementsOf(source.batches.get(0).subList(0, 12));
    assertThat(checkpointsSeen.get(1)).containsEntry("job", "arn:job-1");
    assertThat(second.examples()).isEqualTo(30);
  }

  @Test
  void bulk_ignoresSecondAndUnaskedOutcomesSoNothingIsJournaledTwice() {
    CountingRunTracker tracker = new CountingRunTracker(new InMemoryRunTracker());
    GenerationRequest stranger =
        new GenerationRequest("not-in-plan", 999, "techno", "simple", "system", "prompt");
    BulkSource source =
        new BulkSource(
            (requests, run) -> {
              answerAllInReverse(requests, run);
              answerAllInReverse(requests, run); // a source re-reading its results
              run.deliver(GenerationOutcome.answered(stranger, answer(stranger)));
            });
    GenerationResult result =
        engine(source, tracker).run(plan(20), GenerationOptions.defaults(dir));

    assertThat(result.examples()).isEqualTo(20);
    assertThat(tracker.journalWrites()).hasSize(20).doesNotContainKey("not-in-plan");
    assertThat(tracker.journalWrites().values()).containsOnly(1);
  }

  @Test
  void bulk_recordsFailuresAndDropsWithTheirReasons() {
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    BulkSource source =
        new BulkSource(
            (requests, run) -> {
              for (GenerationRequest r : requests) {
                if (r.index() % 4 == 0) {
                  run.deliver(
                      GenerationOutcome.failed(
                          r, new SourceException("record error 400: bad input", false)));
                } else if (r.index() == 3) {
                  run.deliver(
                      GenerationOutcome.answered(
                          r, GeneratedExample.answer(r, "  ", "t", 1, 0, null, 1)));
                } else {
                  run.deliver(GenerationOutcome.answered(r, answer(r)));
                }
              }
            });
    GenerationResult result =
        engine(source, tracker).run(plan(12), GenerationOptions.defaults(dir));

    assertThat(result.failuresByReason()).containsEntry("record error 400: bad input", 3);
    assertThat(result.dropsByReason()).containsEntry("empty answer", 1);
    assertThat(result.examples()).isEqualTo(8);
    assertThat(tracker.journalStatuses(result.runId()).values())
        .filteredOn(s -> s == JournalStatus.FAILED)
        .hasSize(3);
  }

  @Test
  void bulk_stopCancelsTheSourceAndWritesNoDataset() throws Exception {
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    CountDownLatch waiting = new CountDownLatch(1);
    BulkSource source =
        new BulkSource(
            (requests, run) -> {
              run.deliver(GenerationOutcome.answered(requests.get(0), answer(requests.get(0))));
              waiting.countDown();
              long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
              while (!run.stopping() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
              }
            });
    GenerationEngine engine = engine(source, tracker);
    Thread stopper =
        new Thread(
            () -> {
              try {
                waiting.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              engine.requestStop("interrupted (Ctrl-C)");
            });
    stopper.start();
    GenerationResult result = engine.run(plan(10), GenerationOptions.defaults(dir));
    stopper.join();

    assertThat(result.stoppedReason()).isEqualTo("interrupted (Ctrl-C)");
    assertThat(source.cancelled).isTrue();
    assertThat(result.examples()).isEqualTo(1);
    assertThat(dir.resolve("train.jsonl")).doesNotExist();
    assertThat(tracker.journalStatuses(result.runId())).hasSize(1);
  }

  @Test
  void bulk_unavailableSourceStopsTheRunKeepingWhatWasJournaled() {
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    BulkSource source =
        new BulkSource(
            (requests, run) -> {
              for (GenerationRequest r : requests.subList(0, 4)) {
                run.deliver(GenerationOutcome.answered(r, answer(r)));
              }
              throw new SourceUnavailableException(
                  "Bedrock denied the request: check model access", null, 403);
            });
    GenerationResult result =
        engine(source, tracker).run(plan(10), GenerationOptions.defaults(dir));

    assertThat(result.stoppedReason()).contains("check model access");
    assertThat(result.examples()).isEqualTo(4);
    assertThat(result.dataset()).isNull();
  }

  @Test
  void defaultGenerateAll_asksOneRequestAfterAnother() {
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    ScriptedSource single =
        new ScriptedSource(r -> r.index() == 2 ? "FAIL 500 retry" : "s(\"x" + r.index() + "\")");
    ExampleSource bulkByDefault =
        new ExampleSource() {
          @Override
          public GeneratedExample generate(GenerationRequest request) {
            return single.generate(request);
          }

          @Override
          public boolean prefersBulk() {
            return true;
          }
        };
    GenerationResult result =
        engine(bulkByDefault, tracker).run(plan(6), GenerationOptions.defaults(dir));

    assertThat(single.totalCalls()).isEqualTo(6);
    assertThat(result.examples()).isEqualTo(5);
    assertThat(result.failuresByReason()).containsEntry("FAIL 500 retry", 1);
  }
}
