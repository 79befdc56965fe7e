package app.polychat.finetune.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.track.RunRecord;
import app.polychat.finetune.track.TrackerException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files at the database path that are not a usable database: clear errors, nothing changed. */
class CorruptFileTest {
  @TempDir Path dir;

  @Test
  void open_onATextFileNamesItAndLeavesItAlone() throws Exception {
    Path file = dir.resolve(".finetune.db");
    Files.writeString(file, "{\"jobs\": []}\nthis is a JSON export, not a database\n");
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(() -> SqliteRunTracker.open(file))
        .isInstanceOf(TrackerException.class)
        .hasMessageStartingWith(file.toAbsolutePath().toString())
        .hasMessageContaining("not a SQLite database")
        .hasMessageContaining("Nothing was changed")
        .satisfies(e -> assertThat(((TrackerException) e).retryable()).isFalse());

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(dir.resolve(".finetune.db-wal")).doesNotExist();
    assertThat(dir.resolve(".finetune.db-shm")).doesNotExist();
  }

  @Test
  void open_onADamagedDatabaseNamesIt() throws Exception {
    Path file = dir.resolve("damaged.db");
    try (SqliteRunTracker tracker = SqliteRunTracker.open(file)) {
      tracker.startRun(TestJournal.spec("plan", 1));
    }
    // keep SQLite's header, scramble the schema page behind it
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      byte[] noise = new byte[4000];
      Arrays.fill(noise, (byte) 0x5A);
      raf.seek(100);
      raf.write(noise);
    }

    assertThatThrownBy(() -> SqliteRunTracker.open(file))
        .isInstanceOf(TrackerException.class)
        .hasMessageStartingWith(file.toAbsolutePath().toString())
        .hasMessageContaining("not a usable finetune database")
        .hasMessageContaining("backup");
  }

  @Test
  void open_onAFolderSaysSo() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("db-folder"));

    assertThatThrownBy(() -> SqliteRunTracker.open(folder))
        .isInstanceOf(TrackerException.class)
        .hasMessageContaining(folder.toString())
        .hasMessageContaining("is a folder");
  }

  @Test
  void forEachJournalEntry_namesARowAnotherProgramDamaged() throws Exception {
    Path file = dir.resolve("rows.db");
    try (SqliteRunTracker tracker = SqliteRunTracker.open(file)) {
      RunRecord run = tracker.startRun(TestJournal.spec("plan", 1));
      tracker.journal(run.runId(), TestJournal.done("req-1", 0, 400));
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement s = c.createStatement()) {
        s.execute("UPDATE examples SET example = 'not json' WHERE request_id = 'req-1'");
      }

      assertThatThrownBy(() -> tracker.forEachJournalEntry(run.runId(), e -> {}))
          .isInstanceOf(TrackerException.class)
          .hasMessageContaining("'req-1'")
          .hasMessageContaining("examples")
          .hasMessageContaining(file.toAbsolutePath().toString());
    }
  }

  @Test
  void initialize_withoutForceOnATextFileFailsAndKeepsIt() throws Exception {
    Path file = dir.resolve(".finetune.db");
    Files.write(file, "hello".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> SqliteDatabase.initialize(file, false, line -> {}))
        .isInstanceOf(TrackerException.class)
        .hasMessageContaining(file.toAbsolutePath().toString())
        .hasMessageContaining("--force");

    assertThat(Files.readString(file)).isEqualTo("hello");
  }
}
