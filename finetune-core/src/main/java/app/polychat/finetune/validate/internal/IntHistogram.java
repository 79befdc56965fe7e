package app.polychat.finetune.validate.internal;

/**
 * Counts non-negative ints in fixed memory: exact below {@code exactLimit}, one overflow bucket
 * above it (percentiles that fall there report the maximum). Gives count, total, min, max and
 * nearest-rank percentiles.
 */
public final class IntHistogram {
  private final int[] counts;
  private long overflow;
  private long count;
  private long total;
  private int min = Integer.MAX_VALUE;
  private int max = Integer.MIN_VALUE;

  public IntHistogram(int exactLimit) {
    counts = new int[exactLimit];
  }

  public void add(int value) {
    int v = Math.max(0, value);
    if (v < counts.length) {
      counts[v]++;
    } else {
      overflow++;
    }
    count++;
    total += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }

  public long count() {
    return count;
  }

  public long total() {
    return total;
  }

  /** The smallest value, 0 when empty. */
  public int min() {
    return count == 0 ? 0 : min;
  }

  /** The largest value, 0 when empty. */
  public int max() {
    return count == 0 ? 0 : max;
  }

  /** The nearest-rank percentile, {@code p} in (0, 1]; 0 when empty. */
  public int percentile(double p) {
    if (count == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(p * count));
    long seen = 0;
    for (int v = 0; v < counts.length; v++) {
      seen += counts[v];
      if (seen >= rank) {
        return v;
      }
    }
    return max;
  }
}
