package app.polychat.finetune.sqlite.bench;

import app.polychat.finetune.example.Conversation;
import app.polychat.finetune.example.ExampleMetadata;
import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.format.ExampleJson;
import app.polychat.finetune.sqlite.Durability;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.track.JournalEntry;
import app.polychat.finetune.track.JournalStatus;
import app.polychat.finetune.track.RunRecord;
import app.polychat.finetune.track.RunSettings;
import app.polychat.finetune.track.RunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Journals 20,000 examples of about 2 KB, one transaction each, and prints examples per second,
 * per-call latency and the database size, for each {@link Durability} level. Not a unit test.
 *
 * <pre>
 * mvn -B -o -q -pl finetune-core,finetune-store-sqlite test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -cp finetune-store-sqlite/target/test-classes:finetune-store-sqlite/target/classes:\
 * finetune-core/target/classes:$(cat finetune-store-sqlite/cp.txt) \
 *     app.polychat.finetune.sqlite.bench.JournalBenchmark [count] [bytes] [folder] [levels] [pageSize]
 * </pre>
 *
 * <p>{@code levels} is a comma-separated list of {@link Durability} names (default: all); {@code
 * pageSize} makes the file beforehand with that page size (default: the tracker's own).
 */
public final class JournalBenchmark {
  private static final String LINE =
      "stack(s(\"bd*4\").bank(\"RolandTR909\"), s(\"~ hh\").fast(2), note(\"c2 eb2 g2 bb1\")"
          + ".s(\"sawtooth\").lpf(sine.range(400, 2000).slow(8)).room(0.3))\n";

  private JournalBenchmark() {}

  public static void main(String[] args) throws IOException, SQLException {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int bytes = args.length > 1 ? Integer.parseInt(args[1]) : 2_048;
    Path folder =
        args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("journal-benchmark");
    List<JournalEntry> entries = entries(count, bytes);
    System.out.printf(
        Locale.ROOT,
        "%d journal entries, example JSON %d bytes each, database in %s, page size %s%n",
        count,
        ExampleJson.write(entries.get(0).example()).length(),
        folder,
        args.length > 4 ? args[4] : "default");

    List<Durability> levels =
        args.length > 3
            ? Stream.of(args[3].split(",")).map(Durability::valueOf).toList()
            : List.of(Durability.values());
    int pageSize = args.length > 4 ? Integer.parseInt(args[4]) : 0;

    List<JournalEntry> warmup = entries.subList(0, Math.min(2_000, count));
    run(folder.resolve("warmup.db"), warmup, Durability.CRASH_SAFE, 0, false);
    for (Durability durability : levels) {
      Path db = folder.resolve(durability.name().toLowerCase(Locale.ROOT) + ".db");
      run(db, entries, durability, pageSize, true);
    }
  }

  private static void run(
      Path db, List<JournalEntry> entries, Durability durability, int pageSize, boolean print)
      throws IOException, SQLException {
    Files.deleteIfExists(db);
    if (pageSize > 0) {
      // a file made beforehand keeps its page size: compares layouts without changing the tracker
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement s = c.createStatement()) {
        s.execute("PRAGMA page_size = " + pageSize);
        s.execute("PRAGMA journal_mode = WAL");
      }
    }
    long[] latencies = new long[entries.size()];
    long start;
    long elapsed;
    try (SqliteRunTracker tracker =
        SqliteRunTracker.builder().path(db).durability(durability).build()) {
      RunRecord run =
          tracker.startRun(
              new RunSpec(
                  "bench", null, "benchmark", "none", entries.size(), RunSettings.unknown()));
      start = System.nanoTime();
      for (int i = 0; i < entries.size(); i++) {
        long t = System.nanoTime();
        tracker.journal(run.runId(), entries.get(i));
        latencies[i] = System.nanoTime() - t;
      }
      elapsed = System.nanoTime() - start;
      if (print) {
        long withWal = size(db) + size(db.resolveSibling(db.getFileName() + "-wal"));
        report(durability, entries.size(), elapsed, latencies, withWal, "before close");
        for (String pass : List.of("first (cold JIT)", "second")) {
          long readStart = System.nanoTime();
          long[] read = new long[1];
          tracker.forEachJournalEntry(run.runId(), e -> read[0]++);
          System.out.printf(
              Locale.ROOT,
              "    read back in plan order (resume, export), %s pass: %d entries in %.2f s%n",
              pass,
              read[0],
              (System.nanoTime() - readStart) / 1e9);
        }
      }
    }
    if (print) {
      System.out.printf(
          Locale.ROOT, "    after close (WAL checkpointed): %.1f MB%n", size(db) / 1e6);
    }
  }

  private static void report(
      Durability durability,
      int count,
      long elapsedNanos,
      long[] latencies,
      long bytes,
      String when) {
    Arrays.sort(latencies);
    double seconds = elapsedNanos / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%-11s %,8.0f examples/s  (%d in %.2f s)  per call p50 %.3f ms, p99 %.3f ms, max %.1f ms%n"
            + "    database + WAL %s: %.1f MB (%.0f bytes per example)%n",
        durability,
        count / seconds,
        count,
        seconds,
        latencies[count / 2] / 1e6,
        latencies[(int) (count * 0.99)] / 1e6,
        latencies[count - 1] / 1e6,
        when,
        bytes / 1e6,
        (double) bytes / count);
  }

  private static long size(Path file) throws IOException {
    return Files.exists(file) ? Files.size(file) : 0;
  }

  private static List<JournalEntry> entries(int count, int bytes) {
    StringBuilder answer = new StringBuilder();
    while (answer.length() < bytes - 400) {
      answer.append(LINE);
    }
    List<JournalEntry> entries = new ArrayList<>(count);
    Instant now = Instant.now();
    for (int i = 0; i < count; i++) {
      String id = String.format(Locale.ROOT, "%064x", i * 2654435761L); // hash-like ids, as planned
      TrainingExample example =
          new TrainingExample(
              Conversation.of(
                  "You are an expert Strudel live-coding assistant.",
                  "Create a driving techno loop, variation " + i,
                  answer.toString()),
              new ExampleMetadata(
                  id,
                  "techno",
                  "medium",
                  "claude-4-5-sonnet",
                  150,
                  420,
                  Duration.ofMillis(1800),
                  now,
                  Map.of()));
      entries.add(
          new JournalEntry(
              id, i, JournalStatus.DONE, example, null, 1, Duration.ofMillis(1800), 150, 420, now));
    }
    return entries;
  }
}
