package app.polychat.finetune.generate;

import app.polychat.finetune.format.ExampleJson;
import app.polychat.finetune.support.Json;
import app.polychat.finetune.support.Secrets;
import app.polychat.finetune.track.JournalEntry;
import app.polychat.finetune.track.JournalState;
import app.polychat.finetune.track.JournalStatus;
import app.polychat.finetune.track.RunTracker;
import app.polychat.finetune.track.TrackerException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's outcomes to the journal, and never lets a paid answer go: when the tracker refuses
 * a write (a database locked by another process, a full disk), the entry and every later one are
 * kept in memory, the run is told to stop sending, and once the calls in flight are in, {@link
 * #settle} retries the writes with backoff; what still cannot be journaled is saved to a recovery
 * file ({@code finetune-recovery-<run>.jsonl} in the output folder, or in the system's temporary
 * folder when that cannot be written) that {@link #importRecovered} journals at the start of the
 * next run, before anything is asked.
 */
final class JournalKeeper {
  private static final Logger log = LoggerFactory.getLogger(JournalKeeper.class);
  static final String RECOVERY_PREFIX = "finetune-recovery-";
  private static final String RECOVERY_SUFFIX = ".jsonl";
  private static final int FORMAT = 1;

  private final RunTracker tracker;
  private final String runId;
  private final String planHash;
  private final Path outputDir;
  private final List<Duration> backoff;
  private final Consumer<String> stop;
  private final List<JournalEntry> pending = new ArrayList<>();
  private String firstFailure;
  private Path recoveryFile;

  /**
   * @param backoff the waits before each retry of the pending writes
   * @param stop told once, with the reason, when the first write fails
   */
  JournalKeeper(
      RunTracker tracker,
      String runId,
      String planHash,
      Path outputDir,
      List<Duration> backoff,
      Consumer<String> stop) {
    this.tracker = tracker;
    this.runId = runId;
    this.planHash = planHash;
    this.outputDir = outputDir;
    this.backoff = List.copyOf(backoff);
    this.stop = stop;
  }

  /**
   * Journals the entry, or keeps it in memory when the journal cannot take it (then, and for every
   * later entry, without trying again until {@link #settle}).
   *
   * @return true when it was journaled, false when it is kept in memory
   */
  boolean write(JournalEntry entry) {
    synchronized (pending) {
      if (firstFailure != null) {
        pending.add(entry);
        return false;
      }
    }
    try {
      tracker.journal(runId, entry);
      return true;
    } catch (RuntimeException e) {
      String reason = describe(e);
      boolean first;
      synchronized (pending) {
        pending.add(entry);
        first = firstFailure == null;
        if (first) {
          firstFailure = reason;
        }
      }
      if (first) {
        log.error(
            "could not journal request {}: {}; asking nothing more, keeping the answers in memory",
            entry.requestId(),
            reason);
        stop.accept("the journal could not be written (" + reason + ")");
      }
      return false;
    }
  }

  /** Entries kept in memory because the journal refused them. */
  int pending() {
    synchronized (pending) {
      return pending.size();
    }
  }

  /**
   * Journals what is kept in memory, retrying with backoff; saves what still fails to a recovery
   * file. Call once the run's calls are in.
   *
   * @return what happened to the kept answers, for the run's stop reason; null when none were kept
   */
  String settle() {
    List<JournalEntry> kept;
    synchronized (pending) {
      kept = new ArrayList<>(pending);
    }
    if (kept.isEmpty()) {
      return null;
    }
    String lastFailure = firstFailure;
    for (int attempt = 0; attempt <= backoff.size() && !kept.isEmpty(); attempt++) {
      if (attempt > 0) {
        Duration wait = backoff.get(attempt - 1);
        log.warn(
            "{} answers are kept in memory: the journal could not be written ({}); retrying in {}"
                + " s",
            kept.size(),
            lastFailure,
            wait.toMillis() / 1000.0);
        if (!sleep(wait)) {
          break;
        }
      }
      try {
        while (!kept.isEmpty()) {
          tracker.journal(runId, kept.get(0));
          kept.remove(0);
        }
      } catch (RuntimeException e) {
        lastFailure = describe(e);
      }
    }
    int journaled;
    synchronized (pending) {
      journaled = pending.size() - kept.size();
      pending.clear();
      pending.addAll(kept);
    }
    if (kept.isEmpty()) {
      return "the "
          + journaled
          + " answers kept in memory were journaled when the journal could be written again";
    }
    Path file = saveRecovery(kept, lastFailure);
    String saved =
        file == null
            ? kept.size()
                + " paid answers could not be saved anywhere and are lost ("
                + lastFailure
                + ")"
            : kept.size()
                + " answers the journal could not take ("
                + lastFailure
                + ") were saved to "
                + file
                + "; the next run of the same command imports them before asking anything";
    return journaled > 0 ? journaled + " kept answers were journaled later; " + saved : saved;
  }

  /** The recovery file written by {@link #settle}, or null. */
  Path recoveryFile() {
    return recoveryFile;
  }

  private Path saveRecovery(List<JournalEntry> entries, String reason) {
    List<Path> folders = new ArrayList<>();
    folders.add(outputDir);
    folders.add(Path.of(System.getProperty("java.io.tmpdir")));
    for (Path folder : folders) {
      Path target = folder.resolve(RECOVERY_PREFIX + runId + RECOVERY_SUFFIX);
      try {
        write(target, entries, reason);
        log.error("{} answers were saved to {}", entries.size(), target);
        recoveryFile = target;
        return target;
      } catch (IOException | RuntimeException e) {
        log.error(
            "cannot save {} answers to {}: {}", entries.size(), target, describeIo(e, target));
      }
    }
    return null;
  }

  /** Temp file, fsync, atomic rename: a recovery file is either whole or absent. */
  private void write(Path target, List<JournalEntry> entries, String reason) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    // a file already there (an earlier stop of the same run) is kept: its entries come first
    List<String> earlier =
        Files.isRegularFile(target)
            ? Files.readAllLines(target, StandardCharsets.UTF_8).stream().skip(1).toList()
            : List.of();
    try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      ObjectNode header = Json.mapper().createObjectNode();
      header.put("finetuneRecovery", FORMAT);
      header.put("runId", runId);
      header.put("planHash", planHash);
      header.put("savedAt", Instant.now().toString());
      header.put("reason", Secrets.redactText(reason));
      out.write(Json.write(header));
      out.newLine();
      for (String line : earlier) {
        out.write(line);
        out.newLine();
      }
      for (JournalEntry entry : entries) {
        out.write(Json.write(toJson(entry)));
        out.newLine();
      }
    }
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Journals the answers earlier runs saved to recovery files in the output folder or the system's
   * temporary folder, for runs this tracker knows, then deletes each file. An entry whose request
   * has an accepted or dropped answer in the journal already is skipped.
   *
   * @return entries imported
   * @throws TrackerException when a file cannot be imported (nothing is asked then, and the file
   *     stays for the next try)
   */
  static int importRecovered(RunTracker tracker, Path outputDir) {
    Set<Path> files = new LinkedHashSet<>();
    files.addAll(recoveryFiles(outputDir));
    files.addAll(recoveryFiles(Path.of(System.getProperty("java.io.tmpdir"))));
    int imported = 0;
    for (Path file : files) {
      imported += importFile(tracker, file);
    }
    return imported;
  }

  private static int importFile(RunTracker tracker, Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TrackerException(
          "cannot read the recovered answers in " + file + ": " + describeIo(e, file), e, false);
    }
    if (lines.isEmpty()) {
      return 0;
    }
    JsonNode header = Json.parse(lines.get(0));
    String runId = header.path("runId").asText(null);
    String planHash = header.path("planHash").asText(null);
    // a run of another database may have the same id: the plan must match too
    if (header.path("finetuneRecovery").asInt() != FORMAT
        || runId == null
        || tracker.run(runId).filter(r -> r.spec().planHash().equals(planHash)).isEmpty()) {
      log.debug("{} is not a recovery file of this database's runs; left as it is", file);
      return 0;
    }
    Map<String, JournalState> states = tracker.journalStates(runId);
    int imported = 0;
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      JournalEntry entry;
      try {
        entry = fromJson(Json.parse(lines.get(i)));
      } catch (RuntimeException e) {
        throw new TrackerException(
            file + " line " + (i + 1) + " is not a recovered answer (" + e.getMessage() + ")",
            e,
            false);
      }
      JournalState known = states.get(entry.requestId());
      if (known != null && known.status() != JournalStatus.FAILED) {
        continue;
      }
      try {
        tracker.journal(runId, entry);
      } catch (RuntimeException e) {
        throw new TrackerException(
            "cannot import the answers saved in "
                + file
                + " into the journal ("
                + describe(e)
                + "); nothing was asked. Fix that and run again: the file is kept until it is"
                + " imported",
            e,
            e instanceof TrackerException t && t.retryable());
      }
      imported++;
    }
    try {
      Files.delete(file);
    } catch (IOException e) {
      log.warn("imported {} but cannot delete it: {}", file, describeIo(e, file));
    }
    log.info("imported {} answers saved by an earlier run from {}", imported, file);
    return imported;
  }

  private static List<Path> recoveryFiles(Path folder) {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return found;
    }
    try (DirectoryStream<Path> stream =
        Files.newDirectoryStream(folder, RECOVERY_PREFIX + "*" + RECOVERY_SUFFIX)) {
      stream.forEach(found::add);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot look for recovered answers in " + folder + ": " + describeIo(e, folder), e);
    }
    found.sort(null);
    return found;
  }

  private static ObjectNode toJson(JournalEntry e) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("requestId", e.requestId());
    node.put("planIndex", e.planIndex());
    node.put("status", e.status().name());
    if (e.example() != null) {
      node.set("example", Json.parse(ExampleJson.write(e.example())));
    }
    if (e.reason() != null) {
      node.put("reason", Secrets.redactText(e.reason()));
    }
    node.put("attempts", e.attempts());
    if (e.latency() != null) {
      node.put("latencyMillis", e.latency().toMillis());
    }
    if (e.inputTokens() != null) {
      node.put("inputTokens", e.inputTokens());
    }
    if (e.outputTokens() != null) {
      node.put("outputTokens", e.outputTokens());
    }
    node.put("recordedAt", e.recordedAt().toString());
    node.put("asks", e.asks());
    return node;
  }

  private static JournalEntry fromJson(JsonNode node) {
    JsonNode example = node.get("example");
    return new JournalEntry(
        node.path("requestId").asText(),
        node.path("planIndex").asInt(),
        JournalStatus.valueOf(node.path("status").asText().toUpperCase(Locale.ROOT)),
        example == null || example.isNull() ? null : ExampleJson.read(Json.write(example)),
        node.hasNonNull("reason") ? node.get("reason").asText() : null,
        node.path("attempts").asInt(1),
        node.has("latencyMillis") ? Duration.ofMillis(node.get("latencyMillis").asLong()) : null,
        node.has("inputTokens") ? node.get("inputTokens").asInt() : null,
        node.has("outputTokens") ? node.get("outputTokens").asInt() : null,
        Instant.parse(node.path("recordedAt").asText()),
        node.path("asks").asInt(1));
  }

  private static boolean sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The reason in words, with "the disk is full" said plainly whenever it is the cause. */
  static String describe(RuntimeException e) {
    String message =
        Secrets.redactText(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    return DiskFull.is(e) && !DiskFull.named(message) ? "the disk is full: " + message : message;
  }

  private static String describeIo(Exception e, Path path) {
    String reason =
        e instanceof FileSystemException f && f.getReason() != null
            ? f.getReason()
            : String.valueOf(e.getMessage());
    return DiskFull.is(e) ? "the disk holding " + path + " is full (" + reason + ")" : reason;
  }
}
