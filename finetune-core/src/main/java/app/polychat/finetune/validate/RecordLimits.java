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
  /**
   * Checks that the limits make a range.
   *
   * @param min fewest records
   * @param max most records
   * @param includesValidation whether validation records count toward the limits together with the
   *     training records (they do for Nova fine-tuning)
   * @throws IllegalArgumentException when {@code min} is negative or above {@code max}
   */
  public RecordLimits {
    if (min < 0 || min > max) {
      throw new IllegalArgumentException("bad record limits " + min + "–" + max);
    }
  }

  /**
   * {@return whether {@code count} records are accepted}
   *
   * @param count the number of records
   */
  public boolean accepts(long count) {
    return count >= min && count <= max;
  }
}
