package app.polychat.finetune.integration;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.generate.GenerationEngine;
import app.polychat.finetune.generate.GenerationListener;
import app.polychat.finetune.generate.GenerationOptions;
import app.polychat.finetune.generate.GenerationProgress;
import app.polychat.finetune.generate.GenerationResult;
import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.prompt.PromptPlan;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.track.JournalStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during generation, as the CLI's handler does it: {@link GenerationEngine#requestStop} from
 * another thread while calls are in flight against an in-process Polychat (150–350 ms latency),
 * journaling into a SQLite file.
 */
class GenerationStopTest {
  private static final int COUNT = 60;
  private static final int CONCURRENCY = 4;
  private static final int STOP_AT_CALL = 10;
  private static final String CTRL_C = "interrupted (Ctrl-C)";

  @TempDir Path dir;
  private final ExecutorService runner = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopRunner() {
    runner.shutdownNow();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void requestStop_journalsTheCallsInFlightWritesNoDatasetAndARerunResumesToTheEnd()
      throws Exception {
    PromptPlan plan =
        PromptCatalog.load(Path.of("../configs/strudel-prompts.json"))
            .plan(COUNT, List.of(), List.of(), 0);
    Map<String, String> idByKey = new HashMap<>();
    plan.requests().forEach(r -> idByKey.put(FakePolychat.key(r), r.id()));
    Path database = dir.resolve("finetune.db");
    Path output = dir.resolve("dataset");
    CountDownLatch inFlight = new CountDownLatch(1);

    try (FakePolychat server =
            FakePolychat.start(
                150,
                350,
                call -> {
                  if (call.number() == STOP_AT_CALL) {
                    inFlight.countDown();
                  }
                });
        PolychatExampleSource teacher = teacher(server)) {
      // the first run, stopped from the test thread while call #10 is on the server
      AtomicBoolean stopped = new AtomicBoolean();
      AtomicInteger answeredAfterStop = new AtomicInteger();
      GenerationListener afterStop =
          new GenerationListener() {
            @Override
            public void succeeded(GenerationRequest request, GenerationProgress progress) {
              if (stopped.get()) {
                answeredAfterStop.incrementAndGet();
              }
            }
          };
      GenerationResult first;
      int callsWhenStopped;
      try (SqliteRunTracker tracker = SqliteRunTracker.open(database)) {
        GenerationEngine engine = engine(teacher, tracker, afterStop);
        Future<GenerationResult> running =
            runner.submit(() -> engine.run(plan, GenerationOptions.defaults(output)));
        assertThat(inFlight.await(20, TimeUnit.SECONDS)).isTrue();
        stopped.set(true);
        engine.requestStop(CTRL_C);
        callsWhenStopped = server.callCount();
        first = running.get(30, TimeUnit.SECONDS);
      }

      assertThat(first.stoppedReason()).isEqualTo(CTRL_C);
      assertThat(first.localDataset()).isEmpty();
      assertThat(output.resolve("train.jsonl")).doesNotExist();
      assertThat(answeredAfterStop.get())
          .as("calls in flight at the stop were answered")
          .isPositive();
      List<FakePolychat.Call> callsOfFirstRun = server.calls();
      assertThat(callsOfFirstRun.size())
          .as("no new call after the stop, beyond those already on their way")
          .isLessThanOrEqualTo(callsWhenStopped + CONCURRENCY)
          .isLessThan(COUNT);

      Map<String, JournalStatus> journal;
      try (SqliteRunTracker reopened = SqliteRunTracker.open(database)) {
        journal = reopened.journalStatuses(first.runId());
      }
      Set<String> calledIds = new HashSet<>();
      callsOfFirstRun.forEach(c -> calledIds.add(idByKey.get(c.key())));
      assertThat(journal.keySet())
          .as("every call the server answered is journaled, the one in flight at the stop too")
          .containsExactlyInAnyOrderElementsOf(calledIds)
          .contains(idByKey.get(callsOfFirstRun.get(STOP_AT_CALL - 1).key()));
      assertThat(journal.values()).containsOnly(JournalStatus.DONE);
      assertThat(first.examples()).isEqualTo(journal.size());

      // the rerun, as after Ctrl-C the user runs the same command again
      GenerationResult second;
      try (SqliteRunTracker tracker = SqliteRunTracker.open(database)) {
        second =
            engine(teacher, tracker, new GenerationListener() {})
                .run(plan, GenerationOptions.defaults(output));
      }
      assertThat(second.stoppedReason()).isNull();
      assertThat(second.runId()).isEqualTo(first.runId());
      assertThat(second.resumed()).isEqualTo(journal.size());
      assertThat(second.examples()).isEqualTo(COUNT);
      assertThat(server.callCount()).as("nothing asked twice").isEqualTo(COUNT);
      assertThat(lines(output.resolve("train.jsonl")) + lines(output.resolve("validation.jsonl")))
          .isEqualTo(COUNT);
    }
  }

  private static PolychatExampleSource teacher(FakePolychat server) {
    return PolychatExampleSource.builder()
        .apiUrl(server.baseUrl())
        .apiKey("stop-test-key-0123456789")
        .callPolicy(r -> r.requestsPerMinute(0).tokensPerMinute(0).maxConcurrentCalls(CONCURRENCY))
        .build();
  }

  private static GenerationEngine engine(
      PolychatExampleSource teacher, SqliteRunTracker tracker, GenerationListener listener) {
    return GenerationEngine.builder()
        .source(teacher)
        .tracker(tracker)
        .concurrency(CONCURRENCY)
        .listener(listener)
        .build();
  }

  private static int lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).size();
  }
}
