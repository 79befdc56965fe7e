package app.polychat.finetune.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many answers passed a set of checks: the validity rate, the failures counted by check and
 * reason, the first few failures with the check's message, and each check's timing.
 *
 * @param checked answers checked
 * @param valid answers that passed every check
 * @param failuresByReason failed answers per {@code check: reason} (an answer counts once, under
 *     its first failed check), sorted by name
 * @param examples up to {@link Tally#MAX_EXAMPLES} failures as {@code label: message}, in the order
 *     they were added
 * @param timings each check's timing, by check name
 */
public record ValiditySummary(
    int checked,
    int valid,
    Map<String, Integer> failuresByReason,
    List<String> examples,
    Map<String, Timing> timings) {
  /**
   * Copies the maps and the examples.
   *
   * @param checked answers checked
   * @param valid answers that passed every check
   * @param failuresByReason failed answers per {@code check: reason} (an answer counts once, under
   *     its first failed check), sorted by name
   * @param examples up to {@link Tally#MAX_EXAMPLES} failures as {@code label: message}, in the
   *     order they were added
   * @param timings each check's timing, by check name
   */
  public ValiditySummary {
    failuresByReason = Collections.unmodifiableMap(new TreeMap<>(failuresByReason));
    examples = List.copyOf(examples);
    timings = Collections.unmodifiableMap(new LinkedHashMap<>(timings));
  }

  /** {@return the share of answers that passed, from 0 to 1 (0 when nothing was checked)} */
  public double rate() {
    return checked == 0 ? 0 : (double) valid / checked;
  }

  /**
   * {@code 52/54 valid (96.3%)}.
   *
   * @return answers valid out of checked, with the rate as a percentage
   */
  public String rateText() {
    return String.format(
        Locale.ROOT, "%d/%d valid (%.1f%%)", valid, checked, checked == 0 ? 0.0 : 100 * rate());
  }

  /**
   * One check's timing.
   *
   * @param count answers it checked
   * @param total time spent in it
   * @param max the slowest answer
   */
  public record Timing(int count, Duration total, Duration max) {
    /** {@return the mean time per answer} */
    public Duration mean() {
      return count == 0 ? Duration.ZERO : total.dividedBy(count);
    }

    /**
     * {@code 54 answers, mean 3.1 ms, max 12.0 ms}.
     *
     * @return the count, mean and slowest time, in milliseconds
     */
    public String text() {
      return String.format(
          Locale.ROOT,
          "%d answers, mean %.1f ms, max %.1f ms",
          count,
          mean().toNanos() / 1e6,
          max.toNanos() / 1e6);
    }
  }

  /** Adds up outcomes into a {@link ValiditySummary}; thread-safe. */
  public static final class Tally {
    /** How many failure examples a summary keeps. */
    public static final int MAX_EXAMPLES = 20;

    private int checked;
    private int valid;
    private final Map<String, Integer> failures = new TreeMap<>();
    private final List<String> examples = new ArrayList<>();
    private final Map<String, long[]> timings = new LinkedHashMap<>();

    /**
     * Counts one answer's outcome.
     *
     * @param label where the answer came from, for the examples ({@code line 12})
     * @param outcome the answer's results
     */
    public synchronized void add(String label, CheckOutcome outcome) {
      checked++;
      for (CheckResult r : outcome.results()) {
        long[] t = timings.computeIfAbsent(r.check(), k -> new long[3]);
        t[0]++;
        t[1] += r.elapsed().toNanos();
        t[2] = Math.max(t[2], r.elapsed().toNanos());
      }
      var failure = outcome.firstFailure();
      if (failure.isEmpty()) {
        valid++;
        return;
      }
      CheckResult f = failure.get();
      failures.merge(f.check() + ": " + f.reason(), 1, Integer::sum);
      if (examples.size() < MAX_EXAMPLES) {
        examples.add(label + ": " + oneLine(f.describe()));
      }
    }

    /**
     * What was added so far.
     *
     * @return the summary of every outcome added until now
     */
    public synchronized ValiditySummary summary() {
      Map<String, Timing> t = new LinkedHashMap<>();
      timings.forEach(
          (name, v) ->
              t.put(name, new Timing((int) v[0], Duration.ofNanos(v[1]), Duration.ofNanos(v[2]))));
      return new ValiditySummary(checked, valid, failures, examples, t);
    }

    private static String oneLine(String s) {
      String line = s.replaceAll("\\s+", " ").strip();
      return line.length() <= 240 ? line : line.substring(0, 237) + "...";
    }
  }
}
