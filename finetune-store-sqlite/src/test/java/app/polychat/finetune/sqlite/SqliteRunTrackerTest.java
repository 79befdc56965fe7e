package app.polychat.finetune.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.job.JobState;
import app.polychat.finetune.sqlite.internal.SqliteFile;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.track.JobRecord;
import app.polychat.finetune.track.JournalEntry;
import app.polychat.finetune.track.JournalStatus;
import app.polychat.finetune.track.Lineage;
import app.polychat.finetune.track.RunRecord;
import app.polychat.finetune.track.RunTracker;
import app.polychat.finetune.track.RunTrackerContract;
import app.polychat.finetune.track.TrackerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link RunTrackerContract} on a real database file, plus what only a file can show. */
class SqliteRunTrackerTest extends RunTrackerContract {
  @TempDir Path dir;

  private Path db() {
    return dir.resolve("datasets/.finetune.db");
  }

  @Override
  protected RunTracker newTracker() {
    return SqliteRunTracker.open(db());
  }

  @Test
  void open_createsTheFileAndItsFolders() {
    assertThat(db()).exists();
    assertThat(((SqliteRunTracker) tracker).path()).isEqualTo(db().toAbsolutePath());
    assertThat(((SqliteRunTracker) tracker).schemaVersion())
        .isEqualTo(SqliteDatabase.SCHEMA_VERSION);
  }

  @Test
  void open_usesWalMode() throws SQLException {
    assertThat(pragma(db(), "journal_mode")).isEqualTo("wal");
  }

  @Test
  void journal_survivesReopen() {
    RunRecord run = tracker.startRun(spec("plan-a"));
    tracker.journal(run.runId(), done("req-1", 0));
    tracker.journal(run.runId(), failed("req-2", 1, "HTTP 500"));
    tracker.close();

    try (SqliteRunTracker reopened = SqliteRunTracker.open(db())) {
      assertThat(reopened.latestRun("plan-a")).contains(run);
      assertThat(reopened.journalStatuses(run.runId()))
          .isEqualTo(Map.of("req-1", JournalStatus.DONE, "req-2", JournalStatus.FAILED));
      List<JournalEntry> entries = new ArrayList<>();
      reopened.forEachJournalEntry(run.runId(), entries::add);
      assertThat(entries).containsExactly(done("req-1", 0), failed("req-2", 1, "HTTP 500"));
    }
  }

  @Test
  void journal_isVisibleToAnotherConnectionAsSoonAsItReturns() throws SQLException {
    RunRecord run = tracker.startRun(spec("plan-a"));

    tracker.journal(run.runId(), done("req-1", 0));

    // a plain JDBC connection, as another process would have, while the tracker stays open
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db());
        Statement s = other.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT status, example FROM examples WHERE request_id = 'req-1'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("status")).isEqualTo("done");
      assertThat(rs.getString("example")).contains("bd*4");
    }
  }

  @Test
  void journal_fromTwoTrackersOnTheSameFileInTwoThreads() throws Exception {
    RunRecord run = tracker.startRun(spec("plan-a"));
    int perThread = 300;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (SqliteRunTracker second = SqliteRunTracker.open(db())) {
      List<Future<?>> writers = new ArrayList<>();
      for (RunTracker writer : List.of(tracker, second)) {
        int offset = writer == tracker ? 0 : perThread;
        writers.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    writer.journal(run.runId(), done("req-" + (offset + i), offset + i));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> writer : writers) {
        writer.get(30, TimeUnit.SECONDS);
      }
      assertThat(second.journalStatuses(run.runId())).hasSize(2 * perThread);
    } finally {
      pool.shutdownNow();
    }
    assertThat(tracker.journalStatuses(run.runId())).hasSize(2 * perThread);
  }

  @Test
  void forEachJournalEntry_readsOneSnapshotWhileWritersGoOn() {
    RunRecord run = tracker.startRun(spec("plan-a"));
    for (int i = 0; i < 20; i++) {
      tracker.journal(run.runId(), done("req-" + i, i));
    }
    List<String> seen = new ArrayList<>();

    tracker.forEachJournalEntry(
        run.runId(),
        e -> {
          seen.add(e.requestId());
          tracker.journal(run.runId(), done("late-" + e.requestId(), 1000 + e.planIndex()));
        });

    assertThat(seen).hasSize(20).allMatch(id -> id.startsWith("req-"));
    assertThat(tracker.journalStatuses(run.runId())).hasSize(40);
  }

  @Test
  void secrets_neverReachTheDatabaseFile() throws IOException {
    RunRecord run = tracker.startRun(spec("plan-a"));
    tracker.journal(
        run.runId(), failed("req-1", 0, "401 from teacher: Authorization: Bearer " + API_KEY));
    tracker.recordDataset(
        new DatasetRecord(
            null,
            "p",
            run.runId(),
            null,
            null,
            null,
            null,
            1,
            0,
            null,
            "bedrock-conversation-2024",
            null,
            Map.of("x-api-key", API_KEY)));
    tracker.recordJob(
        new JobRecord(
            "arn:job/1",
            "n",
            null,
            null,
            null,
            JobState.IN_PROGRESS,
            null,
            null,
            null,
            Map.of("AWS_SECRET_ACCESS_KEY", API_KEY, "note", "token=" + API_KEY)));
    tracker.recordJobStatus(
        new app.polychat.finetune.job.JobStatus(
            "arn:job/1",
            null,
            JobState.FAILED,
            List.of(),
            "request failed: apiKey=" + API_KEY,
            null,
            null,
            null,
            null,
            null,
            null));
    tracker.close(); // checkpoints the WAL into the main file

    byte[] bytes = Files.readAllBytes(db());
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(text).contains("401 from teacher").doesNotContain(API_KEY);
    assertThat(Files.exists(dir.resolve("datasets/.finetune.db-wal"))).isFalse();
  }

  @Test
  void lineage_survivesReopen() {
    RunRecord run = tracker.startRun(spec("plan-a"));
    DatasetRecord dataset =
        tracker.recordDataset(dataset(run.runId(), "s3://bucket/strudel/train.jsonl", null));
    tracker.recordJob(job("arn:job/9", "strudel-v9", dataset.datasetId(), Instant.now()));
    tracker.close();

    try (SqliteRunTracker reopened = SqliteRunTracker.open(db())) {
      Lineage lineage = reopened.lineage("strudel-v9").orElseThrow();
      assertThat(lineage.dataset().datasetId()).isEqualTo(dataset.datasetId());
      assertThat(lineage.run().runId()).isEqualTo(run.runId());
      assertThat(lineage.run().spec().promptConfigHash()).isEqualTo("cfg-plan-a");
      assertThat(lineage.run().spec().teacherModel()).isEqualTo("claude-4-5-sonnet");
    }
  }

  @Test
  void closedTracker_refusesCallsWithAClearMessage() {
    tracker.close();
    tracker.close(); // twice is harmless

    assertThatThrownBy(() -> tracker.startRun(spec("plan-a")))
        .isInstanceOf(TrackerException.class)
        .hasMessageContaining("closed")
        .hasMessageContaining(db().toString());
  }

  @Test
  void busyDatabase_failsRetryablyAfterTheTimeout() throws SQLException {
    RunRecord run = tracker.startRun(spec("plan-a"));
    try (SqliteRunTracker impatient =
            SqliteRunTracker.builder().path(db()).busyTimeout(Duration.ofMillis(200)).build();
        Connection holder = DriverManager.getConnection("jdbc:sqlite:" + db());
        Statement s = holder.createStatement()) {
      s.execute("BEGIN IMMEDIATE"); // another process holds the write lock

      assertThatThrownBy(() -> impatient.journal(run.runId(), done("req-1", 0)))
          .isInstanceOfSatisfying(TrackerException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessageContaining("locked")
          .hasMessageContaining(db().toAbsolutePath().toString());
      s.execute("ROLLBACK");
    }
  }

  @Test
  void builder_rejectsANegativeBusyTimeout() {
    assertThatThrownBy(() -> SqliteRunTracker.builder().busyTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("busyTimeout");
  }

  @Test
  void durability_choosesTheSynchronousLevel() throws Exception {
    Path other = dir.resolve("levels.db");
    try (SqliteRunTracker safe =
        SqliteRunTracker.builder().path(other).durability(Durability.POWER_SAFE).build()) {
      RunRecord run = safe.startRun(spec("plan-a"));
      safe.journal(run.runId(), done("req-1", 0));
      assertThat(safe.journalStatuses(run.runId())).containsOnlyKeys("req-1");
    }
    try (Connection crashSafe = SqliteFile.open(other, 1000, Durability.CRASH_SAFE, false);
        Connection powerSafe = SqliteFile.open(other, 1000, Durability.POWER_SAFE, false)) {
      assertThat(query(crashSafe, "PRAGMA synchronous")).isEqualTo("1"); // NORMAL
      assertThat(query(powerSafe, "PRAGMA synchronous")).isEqualTo("2"); // FULL
      assertThat(query(powerSafe, "PRAGMA journal_mode")).isEqualTo("wal"); // kept in the file
    }
  }

  private static String query(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  static String pragma(Path db, String name) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Test
  void checkWritable_failsWhileAnotherConnectionHoldsTheWriteLock_andPassesOnceItIsFree()
      throws Exception {
    try (SqliteRunTracker short_ =
            SqliteRunTracker.builder().path(db()).busyTimeout(Duration.ofMillis(100)).build();
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + db());
        Statement lock = other.createStatement()) {
      lock.execute("BEGIN EXCLUSIVE");
      assertThatThrownBy(() -> short_.checkWritable(1024))
          .isInstanceOf(TrackerException.class)
          .hasMessageContaining("stayed locked by another process");
      lock.execute("ROLLBACK");
      short_.checkWritable(1024);
    }
  }

  @Test
  void checkWritable_refusesWhenTheDiskHasLessRoomThanTheJournalNeeds() {
    assertThatThrownBy(() -> tracker.checkWritable(Long.MAX_VALUE / 2))
        .isInstanceOf(TrackerException.class)
        .hasMessageContaining("is full, or nearly")
        .hasMessageContaining(db().toAbsolutePath().toString());
  }
}
