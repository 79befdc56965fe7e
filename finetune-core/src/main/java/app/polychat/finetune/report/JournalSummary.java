package app.polychat.finetune.report;

import app.polychat.finetune.track.JournalEntry;
import app.polychat.finetune.track.JournalStatus;
import app.polychat.finetune.track.RunTracker;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a generation run's journal holds, counted: examples kept, failures and drops by reason, and
 * the teacher's tokens. Built by streaming the journal ({@link RunTracker#forEachJournalEntry}), so
 * a large run is never held in memory; reasons are folded to one line of at most 120 characters and
 * at most {@value #MAX_REASONS} distinct ones are kept per kind (the rest are counted together).
 *
 * <pre>{@code
 * JournalSummary journal = JournalSummary.of(tracker, dataset.runId());
 * journal.dropsByReason().forEach((reason, n) -> System.out.println(n + "  " + reason));
 * }</pre>
 *
 * @param done requests that gave a kept example
 * @param failed requests that failed (no answer)
 * @param dropped answers a filter rejected (duplicates included)
 * @param failuresByReason failures by reason, most frequent first
 * @param dropsByReason drops by reason, most frequent first
 * @param attempts teacher calls made, retries included
 * @param inputTokens prompt tokens the teacher reported (or that were estimated)
 * @param outputTokens answer tokens
 */
public record JournalSummary(
    long done,
    long failed,
    long dropped,
    Map<String, Long> failuresByReason,
    Map<String, Long> dropsByReason,
    long attempts,
    long inputTokens,
    long outputTokens) {

  /** The most distinct reasons kept per kind; further ones are counted as {@value #OTHER}. */
  public static final int MAX_REASONS = 50;

  /** The reason under which reasons past {@link #MAX_REASONS} are counted. */
  public static final String OTHER = "other reasons";

  /** An empty journal. */
  public static final JournalSummary EMPTY =
      new JournalSummary(0, 0, 0, Map.of(), Map.of(), 0, 0, 0);

  /**
   * Copies the reason maps, keeping their order.
   *
   * @param done requests that gave a kept example
   * @param failed requests that failed (no answer)
   * @param dropped answers a filter rejected (duplicates included)
   * @param failuresByReason failures by reason, most frequent first
   * @param dropsByReason drops by reason, most frequent first
   * @param attempts teacher calls made, retries included
   * @param inputTokens prompt tokens the teacher reported (or that were estimated)
   * @param outputTokens answer tokens
   */
  public JournalSummary {
    failuresByReason = Collections.unmodifiableMap(new LinkedHashMap<>(failuresByReason));
    dropsByReason = Collections.unmodifiableMap(new LinkedHashMap<>(dropsByReason));
  }

  /** {@return every journaled request: done, failed and dropped} */
  public long journaled() {
    return done + failed + dropped;
  }

  /**
   * Counts the latest entry of every request of the run, streaming.
   *
   * @param tracker the run history holding the journal
   * @param runId the run whose journal is counted
   * @return the counts; all zero for a run without journal entries
   */
  public static JournalSummary of(RunTracker tracker, String runId) {
    Objects.requireNonNull(tracker, "tracker");
    Objects.requireNonNull(runId, "runId");
    Counter counter = new Counter();
    tracker.forEachJournalEntry(runId, counter::add);
    return counter.summary();
  }

  /** Folds one journal entry after another; not thread-safe. */
  static final class Counter {
    private long done;
    private long failed;
    private long dropped;
    private long attempts;
    private long inputTokens;
    private long outputTokens;
    private final Map<String, Long> failures = new TreeMap<>();
    private final Map<String, Long> drops = new TreeMap<>();

    void add(JournalEntry entry) {
      attempts += Math.max(0, entry.attempts());
      inputTokens += entry.inputTokens() == null ? 0 : entry.inputTokens();
      outputTokens += entry.outputTokens() == null ? 0 : entry.outputTokens();
      if (entry.status() == JournalStatus.DONE) {
        done++;
      } else if (entry.status() == JournalStatus.FAILED) {
        failed++;
        count(failures, entry.reason());
      } else {
        dropped++;
        count(drops, entry.reason());
      }
    }

    private static void count(Map<String, Long> byReason, String reason) {
      String key = reason == null ? "unknown" : oneLine(reason);
      if (!byReason.containsKey(key) && byReason.size() >= MAX_REASONS) {
        key = OTHER;
      }
      byReason.merge(key, 1L, Long::sum);
    }

    JournalSummary summary() {
      return new JournalSummary(
          done,
          failed,
          dropped,
          mostFrequentFirst(failures),
          mostFrequentFirst(drops),
          attempts,
          inputTokens,
          outputTokens);
    }
  }

  static String oneLine(String reason) {
    String line = reason.replaceAll("\\s+", " ").strip();
    return line.length() <= 120 ? line : line.substring(0, 117) + "...";
  }

  private static Map<String, Long> mostFrequentFirst(Map<String, Long> counts) {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
