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

  /**
   * Counts in {@code bins} bins of {@code width} values from {@code start}: bin {@code i} holds
   * {@code start + i × width <= v < start + (i + 1) × width}. Values past the last bin, and those
   * in the overflow bucket, are counted in the last bin.
   */
  public java.util.List<Long> bins(int start, int width, int bins) {
    if (bins < 1 || width < 1 || start < 0) {
      throw new IllegalArgumentException("need bins >= 1, width >= 1, start >= 0");
    }
    long[] out = new long[bins];
    for (int v = start; v < counts.length; v++) {
      if (counts[v] != 0) {
        out[(int) Math.min((v - (long) start) / width, bins - 1)] += counts[v];
      }
    }
    out[bins - 1] += overflow;
    java.util.List<Long> list = new java.util.ArrayList<>(bins);
    for (long n : out) {
      list.add(n);
    }
    return list;
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
