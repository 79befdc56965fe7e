package app.polychat.finetune.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.job.JobState;
import app.polychat.finetune.sqlite.internal.Schema;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.track.JobRecord;
import app.polychat.finetune.track.JournalEntry;
import app.polychat.finetune.track.JournalStatus;
import app.polychat.finetune.track.RunRecord;
import app.polychat.finetune.track.TrackerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening files made by nobody, by an older version, by a newer one and by another program. */
class SchemaMigrationTest {
  /** The two tables of the original toolkit: schema version 1, written here by hand. */
  private static final String[] VERSION_1 = {
    """
    CREATE TABLE jobs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      job_arn TEXT NOT NULL UNIQUE,
      job_name TEXT,
      base_model TEXT,
      custom_model_name TEXT,
      customization_type TEXT,
      status TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      metadata TEXT NOT NULL DEFAULT '{}')""",
    """
    CREATE TABLE datasets (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      project TEXT,
      train_path TEXT,
      validation_path TEXT,
      train_s3_uri TEXT,
      validation_s3_uri TEXT,
      train_count INTEGER NOT NULL DEFAULT 0,
      validation_count INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      metadata TEXT NOT NULL DEFAULT '{}')""",
    "CREATE INDEX idx_jobs_status ON jobs(status)",
    "CREATE INDEX idx_jobs_created_at ON jobs(created_at)",
    "CREATE INDEX idx_datasets_project ON datasets(project)",
    "CREATE INDEX idx_datasets_created_at ON datasets(created_at)",
    """
    INSERT INTO jobs (job_arn, job_name, base_model, custom_model_name, customization_type, status,
      created_at, updated_at, metadata)
    VALUES ('arn:aws:bedrock:us-east-1:123456789012:model-customization-job/amazon.nova-pro-v1:0:300k/abc',
      'strudel-nova-pro-v1', 'amazon.nova-pro-v1:0:300k', 'strudel-nova-pro-v1', 'FINE_TUNING',
      'Completed', '2025-11-09T12:00:00.000Z', '2025-11-09 15:30:00',
      '{"project":"strudel","hyperParameters":{"epochCount":"3","learningRate":"0.00001"}}')""",
    """
    INSERT INTO datasets (project, train_path, validation_path, train_s3_uri, validation_s3_uri,
      train_count, validation_count, created_at, metadata)
    VALUES ('strudel', 'datasets/strudel/train.jsonl', 'datasets/strudel/validation.jsonl',
      's3://my-bucket/strudel/2025-11-09T12-00-00/train.jsonl',
      's3://my-bucket/strudel/2025-11-09T12-00-00/validation.jsonl', 240, 60,
      '2025-11-09T11:00:00.000Z', '{"model":"claude-4-5-sonnet"}')"""
  };

  @TempDir Path dir;

  private Path db() {
    return dir.resolve(".finetune.db");
  }

  @Test
  void open_onAnEmptyFileCreatesTheLatestSchema() throws Exception {
    Files.createFile(db());

    try (SqliteRunTracker tracker = SqliteRunTracker.open(db())) {
      assertThat(tracker.schemaVersion()).isEqualTo(Schema.LATEST_VERSION);
    }

    assertThat(tables(db()))
        .containsExactly("jobs", "datasets", "runs", "examples", "job_events", "run_checkpoints");
    assertThat(intPragma(db(), "user_version")).isEqualTo(Schema.LATEST_VERSION);
  }

  @Test
  void open_upgradesAVersion1DatabaseInPlaceKeepingItsRows() throws Exception {
    makeDatabase(db(), 1, VERSION_1);

    try (SqliteRunTracker tracker = SqliteRunTracker.open(db())) {
      assertThat(tracker.schemaVersion()).isEqualTo(Schema.LATEST_VERSION);
      JobRecord job = tracker.job("strudel-nova-pro-v1").orElseThrow();
      assertThat(job.state()).isEqualTo(JobState.COMPLETED);
      assertThat(job.createdAt()).hasToString("2025-11-09T12:00:00Z");
      assertThat(job.updatedAt()).hasToString("2025-11-09T15:30:00Z");
      assertThat(job.metadata())
          .containsEntry("project", "strudel")
          .containsEntry("hyperParameters", "{\"epochCount\":\"3\",\"learningRate\":\"0.00001\"}");

      DatasetRecord old = tracker.dataset("ds-1").orElseThrow();
      assertThat(old.trainCount()).isEqualTo(240);
      assertThat(old.formatId()).isEqualTo("bedrock-conversation-2024");
      assertThat(old.trainUri()).endsWith("/train.jsonl");

      // the new tables work, and new ids do not collide with the old rows
      RunRecord run = tracker.startRun(TestJournal.spec("plan", 1));
      tracker.journal(run.runId(), TestJournal.done("req-1", 0, 500));
      DatasetRecord fresh = tracker.recordDataset(old.withId(null, null));
      assertThat(fresh.datasetId()).isEqualTo("ds-2");
    }
    assertThat(intPragma(db(), "user_version")).isEqualTo(Schema.LATEST_VERSION);
    assertThat(count(db(), "jobs")).isEqualTo(1);
    assertThat(count(db(), "datasets")).isEqualTo(2);
  }

  @Test
  void open_adoptsTheOriginalToolkitsUnversionedFileWithFewerColumns() throws Exception {
    makeDatabase(
        db(),
        0,
        "CREATE TABLE jobs (id INTEGER PRIMARY KEY, job_arn TEXT NOT NULL UNIQUE, job_name TEXT,"
            + " status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
        "CREATE TABLE datasets (id INTEGER PRIMARY KEY, project TEXT, train_path TEXT,"
            + " created_at TEXT NOT NULL)",
        "INSERT INTO jobs (job_arn, job_name, status, created_at, updated_at)"
            + " VALUES ('arn:job/old', 'old-job', 'InProgress', '2025-10-01T00:00:00.000Z',"
            + " '2025-10-01T00:00:00.000Z')");

    try (SqliteRunTracker tracker = SqliteRunTracker.open(db())) {
      assertThat(tracker.job("old-job").orElseThrow().state()).isEqualTo(JobState.IN_PROGRESS);
      tracker.recordJobStatus(
          new app.polychat.finetune.job.JobStatus(
              "arn:job/old",
              null,
              JobState.COMPLETED,
              List.of(),
              null,
              "arn:model/m",
              null,
              null,
              null,
              0.1,
              0.2));
      assertThat(tracker.jobEvents("arn:job/old")).hasSize(1);
      assertThat(tracker.job("arn:job/old").orElseThrow().metadata())
          .containsEntry("outputModelArn", "arn:model/m");
    }
    assertThat(intPragma(db(), "user_version")).isEqualTo(Schema.LATEST_VERSION);
  }

  @Test
  void open_upgradesAVersion2DatabaseWithItsRunsToCheckpoints() throws Exception {
    String runId;
    try (SqliteRunTracker tracker = SqliteRunTracker.open(db())) {
      runId = tracker.startRun(TestJournal.spec("plan", 2)).runId();
      tracker.journal(runId, TestJournal.done("req-1", 0, 500));
    }
    // what the previous version wrote: the same file without the checkpoint table
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE run_checkpoints");
      s.execute("PRAGMA user_version = 2");
    }

    try (SqliteRunTracker tracker = SqliteRunTracker.open(db())) {
      assertThat(tracker.schemaVersion()).isEqualTo(Schema.LATEST_VERSION);
      assertThat(tracker.journalStatuses(runId)).containsOnlyKeys("req-1");
      tracker.recordCheckpoint(runId, "bedrock-batch/chunk/0", "{\"jobArn\":\"arn:job\"}");
    }
    try (SqliteRunTracker reopened = SqliteRunTracker.open(db())) {
      assertThat(reopened.checkpoints(runId))
          .containsEntry("bedrock-batch/chunk/0", "{\"jobArn\":\"arn:job\"}");
    }
    assertThat(intPragma(db(), "user_version")).isEqualTo(Schema.LATEST_VERSION);
  }

  @Test
  void open_upgradesAVersion3Database_itsJournalEntriesCountAsAskedOnce() throws Exception {
    String runId;
    try (SqliteRunTracker tracker = SqliteRunTracker.open(db())) {
      runId = tracker.startRun(TestJournal.spec("plan", 2)).runId();
      tracker.journal(runId, TestJournal.done("req-1", 0, 500));
    }
    // what version 3 wrote: the journal without the asks column
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        Statement s = c.createStatement()) {
      s.execute("ALTER TABLE examples DROP COLUMN asks");
      s.execute("PRAGMA user_version = 3");
    }

    try (SqliteRunTracker tracker = SqliteRunTracker.open(db())) {
      assertThat(tracker.schemaVersion()).isEqualTo(4);
      assertThat(tracker.journalStates(runId).get("req-1").asks()).isEqualTo(1);
      JournalEntry d = TestJournal.done("req-2", 1, 500);
      tracker.journal(
          runId,
          new JournalEntry(
              "req-2",
              1,
              JournalStatus.FAILED,
              null,
              "timeout",
              1,
              null,
              null,
              null,
              d.recordedAt(),
              3));
      assertThat(tracker.journalStates(runId).get("req-2").asks()).isEqualTo(3);
    }
    assertThat(intPragma(db(), "user_version")).isEqualTo(4);
  }

  @Test
  void open_byTwoThreadsAtOnceUpgradesOnce() throws Exception {
    makeDatabase(db(), 1, VERSION_1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<Integer> opener =
          () -> {
            try (SqliteRunTracker tracker = SqliteRunTracker.open(db())) {
              return tracker.schemaVersion();
            }
          };
      List<Future<Integer>> results = new ArrayList<>();
      results.add(pool.submit(opener));
      results.add(pool.submit(opener));
      for (Future<Integer> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(Schema.LATEST_VERSION);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(count(db(), "datasets")).isEqualTo(1);
  }

  @Test
  void open_refusesANewerDatabaseAndLeavesItAlone() throws Exception {
    makeDatabase(db(), 99, "CREATE TABLE jobs (id INTEGER PRIMARY KEY, job_arn TEXT)");
    byte[] before = Files.readAllBytes(db());

    assertThatThrownBy(() -> SqliteRunTracker.open(db()))
        .isInstanceOf(TrackerException.class)
        .hasMessageContaining(db().toString())
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("Upgrade finetune");

    assertThat(Files.readAllBytes(db())).isEqualTo(before);
  }

  @Test
  void open_refusesAnotherApplicationsDatabase() throws Exception {
    makeDatabase(db(), 0, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");

    assertThatThrownBy(() -> SqliteRunTracker.open(db()))
        .isInstanceOf(TrackerException.class)
        .hasMessageContaining(db().toString())
        .hasMessageContaining("another application")
        .hasMessageContaining("notes");

    assertThat(tables(db())).containsExactly("notes");
  }

  static void makeDatabase(Path db, int userVersion, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
      s.execute("PRAGMA user_version = " + userVersion);
    }
  }

  static List<String> tables(Path db) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite_%' ORDER BY rowid")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }

  static int intPragma(Path db, String pragma) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
      return rs.getInt(1);
    }
  }

  static long count(Path db, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      return rs.getLong(1);
    }
  }

  static String[] version1() {
    return VERSION_1.clone();
  }
}
