package app.polychat.finetune.validate;

import app.polychat.finetune.validate.internal.IntHistogram;

/**
 * A summary of per-record numbers (tokens, characters, turns): count, total and nearest-rank
 * percentiles.
 *
 * @param count records counted
 * @param total sum over the records
 * @param min smallest value
 * @param median 50th percentile
 * @param p95 95th percentile
 * @param max largest value
 */
public record Distribution(long count, long total, int min, int median, int p95, int max) {
  /** No records. */
  public static final Distribution EMPTY = new Distribution(0, 0, 0, 0, 0, 0);

  static Distribution of(IntHistogram histogram) {
    return new Distribution(
        histogram.count(),
        histogram.total(),
        histogram.min(),
        histogram.percentile(0.5),
        histogram.percentile(0.95),
        histogram.max());
  }

  /** {@return the arithmetic mean, 0 when empty} */
  public double mean() {
    return count == 0 ? 0 : (double) total / count;
  }
}
