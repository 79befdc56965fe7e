package app.polychat.finetune.validate;

import app.polychat.finetune.validate.internal.IntHistogram;
import java.util.List;
import java.util.Objects;

/**
 * Per-record numbers counted in equal-width bins, for drawing: bin {@code i} holds the records with
 * {@code start + i × binWidth <= value < start + (i + 1) × binWidth}. The width is a round number
 * (1, 2 or 5 × a power of ten) chosen so that at most a few dozen bins span the values seen.
 *
 * <pre>{@code
 * Histogram tokens = report.training().tokenHistogram();
 * for (int i = 0; i < tokens.bins(); i++) {
 *   System.out.println(tokens.lowerBound(i) + "+: " + tokens.counts().get(i));
 * }
 * }</pre>
 *
 * @param start the lower bound of the first bin
 * @param binWidth the width of every bin (at least 1)
 * @param counts records per bin; the last bin also holds values past the validator's exact range
 *     (over 131,071 tokens: records no Nova model accepts anyway)
 */
public record Histogram(int start, int binWidth, List<Long> counts) {
  /** No records. */
  public static final Histogram EMPTY = new Histogram(0, 1, List.of());

  /** The most bins {@link DatasetValidator} draws a histogram with. */
  public static final int DEFAULT_MAX_BINS = 30;

  /**
   * Checks the bounds and copies the counts.
   *
   * @param start the lower bound of the first bin
   * @param binWidth the width of every bin (at least 1)
   * @param counts records per bin; the last bin also holds values past the validator's exact range
   *     (over 131,071 tokens: records no Nova model accepts anyway)
   * @throws IllegalArgumentException when {@code start} is negative or {@code binWidth} is below 1
   */
  public Histogram {
    if (start < 0) {
      throw new IllegalArgumentException("start must be >= 0, was " + start);
    }
    if (binWidth < 1) {
      throw new IllegalArgumentException("binWidth must be >= 1, was " + binWidth);
    }
    counts = List.copyOf(Objects.requireNonNull(counts, "counts"));
  }

  /** {@return how many bins there are} */
  public int bins() {
    return counts.size();
  }

  /**
   * {@return the smallest value bin {@code i} holds}
   *
   * @param i the bin's index, from 0
   */
  public long lowerBound(int i) {
    return start + (long) i * binWidth;
  }

  /**
   * {@return the first value past bin {@code i}}
   *
   * @param i the bin's index, from 0
   */
  public long upperBound(int i) {
    return lowerBound(i) + binWidth;
  }

  /**
   * Records counted in all bins.
   *
   * @return the number of records in all bins
   */
  public long total() {
    return counts.stream().mapToLong(Long::longValue).sum();
  }

  /** {@return the fullest bin's count, 0 when empty} */
  public long maxCount() {
    return counts.stream().mapToLong(Long::longValue).max().orElse(0);
  }

  static Histogram of(IntHistogram values, int maxBins) {
    if (values.count() == 0) {
      return EMPTY;
    }
    int min = values.min();
    int max = values.max();
    int width = roundWidth(min, max, maxBins);
    int first = (min / width) * width;
    int bins = (int) ((max - (long) first) / width + 1);
    return new Histogram(first, width, values.bins(first, width, bins));
  }

  /** The smallest of 1, 2, 5, 10, 20, 50, ... that spans min..max in at most maxBins bins. */
  static int roundWidth(int min, int max, int maxBins) {
    long width = 1;
    int[] steps = {1, 2, 5};
    for (long magnitude = 1; ; magnitude *= 10) {
      for (int step : steps) {
        width = step * magnitude;
        long first = (min / width) * width;
        if ((max - first) / width + 1 <= maxBins) {
          return (int) Math.min(width, Integer.MAX_VALUE);
        }
      }
    }
  }
}
