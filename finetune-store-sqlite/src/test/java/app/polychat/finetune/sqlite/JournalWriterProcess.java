package app.polychat.finetune.sqlite;

import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The other process of {@link TwoProcessTest}: opens the database, says {@code ready}, waits for
 * {@code go} on its standard input, then journals entries, printing {@code ok <request id>} after
 * each call returns (the acknowledgement a {@code kill -9} must not take back).
 *
 * <p>Arguments: database path, run id, request id prefix, number of entries.
 */
public final class JournalWriterProcess {
  private JournalWriterProcess() {}

  public static void main(String[] args) throws Exception {
    Path database = Path.of(args[0]);
    String runId = args[1];
    String prefix = args[2];
    int count = Integer.parseInt(args[3]);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (SqliteRunTracker tracker = SqliteRunTracker.open(database)) {
      System.out.println("ready");
      System.out.flush();
      if (!"go".equals(in.readLine())) {
        throw new IllegalStateException("expected 'go' on standard input");
      }
      for (int i = 0; i < count; i++) {
        tracker.journal(runId, TestJournal.done(prefix + i, i, 2000));
        if (i % 100 == 0) {
          tracker.recordJobStatus(
              new JobStatus(
                  "arn:job/" + prefix,
                  prefix,
                  JobState.IN_PROGRESS,
                  List.of(),
                  null,
                  null,
                  null,
                  null,
                  null,
                  1.0 / (i + 1),
                  null));
        }
        System.out.println("ok " + prefix + i);
        System.out.flush();
      }
      System.out.println("finished");
      System.out.flush();
    }
  }
}
