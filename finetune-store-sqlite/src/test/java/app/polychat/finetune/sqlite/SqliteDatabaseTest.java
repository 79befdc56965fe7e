package app.polychat.finetune.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.track.RunRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code finetune db init} does with the file and what it prints. */
class SqliteDatabaseTest {
  @TempDir Path dir;
  private final List<String> out = new ArrayList<>();

  private Path db() {
    return dir.resolve("datasets/.finetune.db");
  }

  @Test
  void initialize_createsTheDatabaseAndReportsLikeTheOriginalToolkit() {
    InitResult result = SqliteDatabase.initialize(db(), false, out::add);

    assertThat(result.outcome()).isEqualTo(InitResult.Outcome.CREATED);
    assertThat(result.path()).isEqualTo(db().toAbsolutePath());
    assertThat(result.backup()).isNull();
    assertThat(result.schemaVersion()).isEqualTo(SqliteDatabase.SCHEMA_VERSION);
    assertThat(out)
        .containsExactly(
            "📦 Initializing new database at: " + db().toAbsolutePath(),
            "",
            "✓ Created table: jobs",
            "✓ Created table: datasets",
            "✓ Created table: runs",
            "✓ Created table: examples",
            "✓ Created table: job_events",
            "✓ Created table: run_checkpoints",
            "✓ Created indexes",
            "",
            "✓ Database initialized successfully!");
    try (SqliteRunTracker tracker = SqliteRunTracker.open(db())) {
      assertThat(tracker.jobs(10)).isEmpty();
    }
  }

  @Test
  void initialize_leavesAnExistingDatabaseUntouchedWithoutForce() throws Exception {
    try (SqliteRunTracker tracker = SqliteRunTracker.open(db())) {
      tracker.startRun(TestJournal.spec("plan", 1));
    }
    byte[] before = Files.readAllBytes(db());

    InitResult result = SqliteDatabase.initialize(db(), false, out::add);

    assertThat(result.outcome()).isEqualTo(InitResult.Outcome.ALREADY_EXISTS);
    assertThat(result.changed()).isFalse();
    assertThat(Files.readAllBytes(db())).isEqualTo(before);
    assertThat(out.get(0)).isEqualTo("✓ Database already exists at: " + db().toAbsolutePath());
    assertThat(String.join("\n", out))
        .contains("schema version 4; 0 jobs, 0 datasets, 1 generation runs")
        .contains("Nothing was changed")
        .contains("--force");
  }

  @Test
  void initialize_onAnOlderDatabaseWithoutForceSaysItWillBeUpgraded() throws Exception {
    Files.createDirectories(db().getParent());
    SchemaMigrationTest.makeDatabase(db(), 1, SchemaMigrationTest.version1());

    InitResult result = SqliteDatabase.initialize(db(), false, out::add);

    assertThat(result.schemaVersion()).isEqualTo(1);
    assertThat(String.join("\n", out)).contains("schema version 1 (upgraded in place to version 4");
    assertThat(SchemaMigrationTest.intPragma(db(), "user_version")).isEqualTo(1);
  }

  @Test
  void initialize_withForceBacksUpThenStartsAfresh() throws Exception {
    String runId;
    try (SqliteRunTracker tracker = SqliteRunTracker.open(db())) {
      RunRecord run = tracker.startRun(TestJournal.spec("plan", 2));
      tracker.journal(run.runId(), TestJournal.done("req-1", 0, 2000));
      runId = run.runId();

      // the tracker stays open: another process may be using the file during db init --force
      InitResult result = SqliteDatabase.initialize(db(), true, out::add);

      assertThat(result.outcome()).isEqualTo(InitResult.Outcome.REINITIALIZED);
      assertThat(result.backup()).exists().hasParent(db().toAbsolutePath().getParent());
      assertThat(result.backup().getFileName().toString()).startsWith(".finetune.db.backup-");
      assertThat(out.get(0)).isEqualTo("💾 Backed up the existing database to: " + result.backup());
      assertThat(out).contains("✓ Created table: runs", "✓ Database initialized successfully!");

      try (SqliteRunTracker backup = SqliteRunTracker.open(result.backup())) {
        assertThat(backup.journalStatuses(runId)).containsOnlyKeys("req-1");
      }
    }
    try (SqliteRunTracker fresh = SqliteRunTracker.open(db())) {
      assertThat(fresh.run(runId)).isEmpty();
    }
  }

  @Test
  void initialize_withForceMovesAFileThatIsNotADatabaseAside() throws Exception {
    Files.createDirectories(db().getParent());
    Files.writeString(db(), "not a database");

    InitResult result = SqliteDatabase.initialize(db(), true, out::add);

    assertThat(result.outcome()).isEqualTo(InitResult.Outcome.REINITIALIZED);
    assertThat(Files.readString(result.backup(), StandardCharsets.UTF_8))
        .isEqualTo("not a database");
    assertThat(out.get(0)).startsWith("💾 Moved the unreadable file aside to: ");
    try (SqliteRunTracker tracker = SqliteRunTracker.open(db())) {
      assertThat(tracker.schemaVersion()).isEqualTo(4);
    }
  }

  @Test
  void initialize_twiceWithForceKeepsBothBackups() {
    SqliteDatabase.initialize(db(), false, out::add);

    InitResult first = SqliteDatabase.initialize(db(), true, out::add);
    InitResult second = SqliteDatabase.initialize(db(), true, out::add);

    assertThat(first.backup()).exists();
    assertThat(second.backup()).exists().isNotEqualTo(first.backup());
  }
}
