package app.polychat.finetune.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.track.JournalEntry;
import app.polychat.finetune.track.JournalStatus;
import app.polychat.finetune.track.RunRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one database (a {@code job watch} while {@code dataset generate} runs), and a
 * writer killed with {@code kill -9}: a forked JVM runs {@link JournalWriterProcess}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TwoProcessTest {
  @TempDir Path dir;

  private Path db() {
    return dir.resolve(".finetune.db");
  }

  @Test
  void twoProcesses_journalIntoTheSameDatabaseAtOnce() throws Exception {
    int childEntries = 400;
    try (SqliteRunTracker tracker = SqliteRunTracker.open(db())) {
      RunRecord run = tracker.startRun(TestJournal.spec("plan", childEntries));
      Process child = startWriter(run.runId(), "child-", childEntries);
      BufferedReader childOut = output(child);
      assertThat(childOut.readLine()).isEqualTo("ready");
      CompletableFuture<List<String>> childLines =
          CompletableFuture.supplyAsync(() -> readAll(childOut));

      // this process writes before the other starts, all the while it runs, and after it ends:
      // the other's commits must land in between, through the same file
      int written = 0;
      tracker.journal(run.runId(), TestJournal.done("parent-" + written, written++, 2000));
      go(child);
      while (!childLines.isDone() && written < 100_000) {
        tracker.journal(run.runId(), TestJournal.done("parent-" + written, written++, 2000));
        if (written % 100 == 0) {
          tracker.journalStatuses(run.runId()); // reads while the other process writes
        }
      }
      tracker.journal(run.runId(), TestJournal.done("parent-" + written, written++, 2000));

      List<String> lines = childLines.get(60, TimeUnit.SECONDS);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as(stderr("child-")).isZero();
      assertThat(lines).hasSize(childEntries + 1).last().isEqualTo("finished");

      Map<String, JournalStatus> statuses = tracker.journalStatuses(run.runId());
      assertThat(statuses)
          .hasSize(childEntries + written)
          .containsKeys("child-0", "child-399", "parent-0", "parent-" + (written - 1));
      assertThat(tracker.jobEvents("arn:job/child-")).hasSize(4);
      assertThat(writerSwitches()).as("commits of the two processes interleave").isGreaterThan(1);
    }
  }

  @Test
  void killMinus9_losesNoAcknowledgedEntry() throws Exception {
    RunRecord run;
    try (SqliteRunTracker tracker = SqliteRunTracker.open(db())) {
      run = tracker.startRun(TestJournal.spec("plan", 1_000_000));
    }
    Process child = startWriter(run.runId(), "k-", 1_000_000);
    BufferedReader childOut = output(child);
    assertThat(childOut.readLine()).isEqualTo("ready");
    go(child);
    List<String> acknowledged = new ArrayList<>();
    while (acknowledged.size() < 300) {
      String line = childOut.readLine();
      assertThat(line).as(stderr("k-")).isNotNull().startsWith("ok ");
      acknowledged.add(line.substring(3));
    }

    child.destroyForcibly(); // SIGKILL: no shutdown hook, no close(), no checkpoint
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isNotZero();

    try (SqliteRunTracker reopened = SqliteRunTracker.open(db())) {
      Map<String, JournalStatus> statuses = reopened.journalStatuses(run.runId());
      assertThat(statuses).containsKeys(acknowledged.toArray(String[]::new));
      Map<String, JournalEntry> entries = new HashMap<>();
      reopened.forEachJournalEntry(run.runId(), e -> entries.put(e.requestId(), e));
      for (String id : acknowledged) {
        assertThat(entries.get(id).example().conversation().lastAssistantText())
            .get()
            .asString()
            .contains("stack(");
      }
    }
  }

  private Process startWriter(String runId, String prefix, int count) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Xmx128m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            JournalWriterProcess.class.getName(),
            db().toString(),
            runId,
            prefix,
            String.valueOf(count));
    builder.redirectError(dir.resolve(prefix + "stderr.txt").toFile());
    return builder.start();
  }

  private static BufferedReader output(Process process) {
    return new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  private static void go(Process process) throws IOException {
    Writer in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    in.write("go\n");
    in.flush();
  }

  private static List<String> readAll(BufferedReader reader) {
    List<String> lines = new ArrayList<>();
    try {
      for (String line; (line = reader.readLine()) != null; ) {
        lines.add(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  private String stderr(String prefix) {
    try {
      Path file = dir.resolve(prefix + "stderr.txt");
      return Files.exists(file) ? "child stderr:\n" + Files.readString(file) : "no stderr";
    } catch (IOException e) {
      return "stderr unreadable: " + e;
    }
  }

  /** How often the commit order switches between the two processes' entries. */
  private int writerSwitches() throws Exception {
    int switches = 0;
    String last = null;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT request_id FROM examples ORDER BY id")) {
      while (rs.next()) {
        String writer = rs.getString(1).startsWith("child-") ? "child" : "parent";
        if (last != null && !last.equals(writer)) {
          switches++;
        }
        last = writer;
      }
    }
    return switches;
  }
}
