package app.polychat.finetune.validate;

/**
 * How many records a customization job accepts.
 *
 * @param min fewest records
 * @param max most records
 * @param includesValidation whether validation records count toward the limits together with the
 *     training records (they do for Nova fine-tuning)
 */
public record RecordLimits(int min, int max, boolean includesValidation) {
  public RecordLimits {
    if (min < 0 || min > max) {
      throw new IllegalArgumentException("bad record limits " + min + "–" + max);
    }
  }

  /** Whether {@code count} records are accepted. */
  public boolean accepts(long count) {
    return count >= min && count <= max;
  }
}
