package app.polychat.finetune.integration;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.filter.FilterDecision;
import app.polychat.finetune.generate.GenerationEngine;
import app.polychat.finetune.generate.GenerationOptions;
import app.polychat.finetune.generate.GenerationResult;
import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.prompt.PromptPlan;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.track.JournalEntry;
import app.polychat.finetune.track.JournalStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine does when something other than the teacher fails mid-run: the journal cannot be
 * written, or a user's filter throws. Either way no answer may silently vanish.
 */
class GenerationFailureTest {
  private static final int COUNT = 40;
  private static final int CONCURRENCY = 4;

  @TempDir Path dir;

  private static PromptPlan plan() {
    return PromptCatalog.load(Path.of("../configs/strudel-prompts.json"))
        .plan(COUNT, List.of(), List.of(), 0);
  }

  private static PolychatExampleSource teacher(FakePolychat server) {
    return PolychatExampleSource.builder()
        .apiUrl(server.baseUrl())
        .callPolicy(r -> r.requestsPerMinute(0).tokensPerMinute(0).maxConcurrentCalls(CONCURRENCY))
        .build();
  }

  /**
   * A real SQLite file whose write lock another connection takes ({@code BEGIN EXCLUSIVE}) after
   * the eighth call and keeps past every retry: the run stops asking, keeps the answers in memory,
   * retries, saves them to the recovery file; the next run imports them before asking anything and
   * asks nothing twice.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void
      databaseLockedByAnotherConnection_answersGoToMemoryThenTheRecoveryFile_andTheNextRunImportsThem()
          throws Exception {
    Path database = dir.resolve("finetune.db");
    Path output = dir.resolve("dataset");
    CountDownLatch eighthCall = new CountDownLatch(1);
    CountDownLatch locked = new CountDownLatch(1);
    try (FakePolychat server =
            FakePolychat.start(
                50,
                100,
                call -> {
                  if (call.number() == 8) {
                    eighthCall.countDown();
                    try {
                      locked.await(5, TimeUnit.SECONDS); // answer only once the lock is held
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                });
        PolychatExampleSource teacher = teacher(server)) {
      GenerationResult stopped;
      try (SqliteRunTracker tracker =
              SqliteRunTracker.builder()
                  .path(database)
                  .busyTimeout(Duration.ofMillis(200))
                  .build();
          Connection other = DriverManager.getConnection("jdbc:sqlite:" + database);
          Statement lock = other.createStatement()) {
        GenerationEngine engine =
            GenerationEngine.builder()
                .source(teacher)
                .tracker(tracker)
                .concurrency(CONCURRENCY)
                .journalRetryBackoff(List.of(Duration.ofMillis(100), Duration.ofMillis(200)))
                .build();
        Thread locker =
            new Thread(
                () -> {
                  try {
                    eighthCall.await();
                    lock.execute("BEGIN EXCLUSIVE");
                    locked.countDown();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        locker.start();
        stopped = engine.run(plan(), GenerationOptions.defaults(output));
        locker.join();
        lock.execute("ROLLBACK");
      }
      Path recovery = stopped.recoveryFile();
      assertThat(stopped.stoppedReason())
          .startsWith("the journal could not be written")
          .contains("locked")
          .contains("saved to " + recovery);
      assertThat(recovery).exists().hasParent(output);
      assertThat(stopped.localDataset()).isEmpty();
      assertThat(output.resolve("train.jsonl")).doesNotExist();
      int callsBeforeStop = server.callCount();
      assertThat(callsBeforeStop)
          .as("the run stopped asking once an answer could not be journaled")
          .isLessThan(COUNT);
      long saved = Files.readAllLines(recovery).stream().skip(1).count();
      assertThat(saved).isEqualTo(callsBeforeStop - stopped.examples());

      GenerationResult resumed;
      try (SqliteRunTracker tracker = SqliteRunTracker.open(database)) {
        resumed =
            GenerationEngine.builder()
                .source(teacher)
                .tracker(tracker)
                .concurrency(CONCURRENCY)
                .build()
                .run(plan(), GenerationOptions.defaults(output));
      }
      assertThat(resumed.stoppedReason()).isNull();
      assertThat(resumed.resumed()).isEqualTo(callsBeforeStop);
      assertThat(resumed.examples()).isEqualTo(COUNT);
      assertThat(recovery).doesNotExist();
      assertThat(server.callCount()).as("no request was asked twice").isEqualTo(COUNT);
      assertThat(server.calls().stream().map(FakePolychat.Call::key).distinct().count())
          .isEqualTo(COUNT);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void filterThatThrows_journalsTheAnswerAsDroppedWithTheReason_andTheRunGoesOn() {
    List<JournalEntry> journal = new ArrayList<>();
    GenerationResult result;
    try (FakePolychat server = FakePolychat.start(10, 20);
        PolychatExampleSource teacher = teacher(server);
        SqliteRunTracker tracker = SqliteRunTracker.open(dir.resolve("finetune.db"))) {
      result =
          GenerationEngine.builder()
              .source(teacher)
              .tracker(tracker)
              .concurrency(CONCURRENCY)
              .addFilter(
                  example -> {
                    if (example.metadata().style().equals("jazz")) {
                      throw new IllegalStateException("jazz filter is broken");
                    }
                    return FilterDecision.keep(example);
                  })
              .build()
              .run(plan(), GenerationOptions.defaults(dir.resolve("dataset")));
      tracker.forEachJournalEntry(result.runId(), journal::add);
      assertThat(server.callCount()).isEqualTo(COUNT);
    }
    List<JournalEntry> jazz =
        journal.stream().filter(e -> e.status() == JournalStatus.DROPPED).toList();
    long jazzPlanned = plan().requests().stream().filter(r -> r.style().equals("jazz")).count();
    assertThat(jazz).hasSize((int) jazzPlanned);
    assertThat(jazz)
        .allSatisfy(
            e -> {
              assertThat(e.reason()).contains("jazz filter is broken");
              assertThat(e.example()).as("the paid answer is kept in the journal").isNotNull();
            });
    assertThat(result.stoppedReason()).isNull();
    assertThat(result.examples()).isEqualTo(COUNT - jazzPlanned);
    assertThat(result.dropsByReason()).hasSize(1);
  }
}
