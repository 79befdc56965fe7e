package app.polychat.finetune.track;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tracker for tests that passes everything to a real one and counts the journal writes that
 * succeeded, per request id, so a test can prove that nothing was journaled twice.
 */
public final class CountingRunTracker extends ForwardingRunTracker {
  private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();

  public CountingRunTracker(RunTracker delegate) {
    super(delegate);
  }

  /** Journal writes per request id since this tracker was made. */
  public Map<String, Integer> journalWrites() {
    Map<String, Integer> copy = new TreeMap<>();
    writes.forEach((id, n) -> copy.put(id, n.get()));
    return copy;
  }

  /** Journal writes in total. */
  public int totalJournalWrites() {
    return writes.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public void journal(String runId, JournalEntry entry) {
    super.journal(runId, entry);
    writes.computeIfAbsent(entry.requestId(), k -> new AtomicInteger()).incrementAndGet();
  }
}
