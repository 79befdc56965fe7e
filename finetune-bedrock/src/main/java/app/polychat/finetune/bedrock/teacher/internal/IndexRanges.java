package app.polychat.finetune.bedrock.teacher.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of plan positions written compactly as ranges ({@code "0-99,150,152-160"}), so a batch
 * job's checkpoint can say which requests it answers in a few bytes however many there are. Not
 * public API.
 */
public final class IndexRanges {
  private final int[] starts;
  private final int[] ends;

  private IndexRanges(int[] starts, int[] ends) {
    this.starts = starts;
    this.ends = ends;
  }

  /** The ranges of ascending, distinct positions. */
  public static IndexRanges of(List<Integer> ascending) {
    List<int[]> ranges = new ArrayList<>();
    int previous = Integer.MIN_VALUE;
    for (int index : ascending) {
      if (index <= previous) {
        throw new IllegalArgumentException(
            "positions must ascend: " + index + " after " + previous);
      }
      if (!ranges.isEmpty() && index == previous + 1) {
        ranges.get(ranges.size() - 1)[1] = index;
      } else {
        ranges.add(new int[] {index, index});
      }
      previous = index;
    }
    return new IndexRanges(
        ranges.stream().mapToInt(r -> r[0]).toArray(),
        ranges.stream().mapToInt(r -> r[1]).toArray());
  }

  /**
   * Reads the written form.
   *
   * @throws IllegalArgumentException when it is not ranges of ascending numbers
   */
  public static IndexRanges parse(String text) {
    if (text == null || text.isBlank()) {
      return new IndexRanges(new int[0], new int[0]);
    }
    String[] parts = text.split(",");
    int[] starts = new int[parts.length];
    int[] ends = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      int dash = part.indexOf('-');
      try {
        starts[i] = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
        ends[i] = dash < 0 ? starts[i] : Integer.parseInt(part.substring(dash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a range of plan positions: '" + part + "'", e);
      }
      if (ends[i] < starts[i] || (i > 0 && starts[i] <= ends[i - 1])) {
        throw new IllegalArgumentException("ranges must ascend without overlap: '" + text + "'");
      }
    }
    return new IndexRanges(starts, ends);
  }

  /** Whether the position is in a range. */
  public boolean contains(int index) {
    int at = Arrays.binarySearch(starts, index);
    if (at >= 0) {
      return true;
    }
    int before = -at - 2;
    return before >= 0 && index <= ends[before];
  }

  /** How many positions the ranges hold. */
  public long size() {
    long size = 0;
    for (int i = 0; i < starts.length; i++) {
      size += (long) ends[i] - starts[i] + 1;
    }
    return size;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < starts.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(starts[i]);
      if (ends[i] != starts[i]) {
        out.append('-').append(ends[i]);
      }
    }
    return out.toString();
  }
}
