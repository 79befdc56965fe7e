package app.polychat.finetune.support;

/**
 * The rough token estimate for budgets and progress counts when a teacher reports none: about four
 * characters per token, rounded up. Dataset checks use the finer {@code validate.TokenEstimator}.
 */
public final class Tokens {
  private Tokens() {}

  /**
   * Estimated tokens of a text; 0 for null or empty.
   *
   * @param text the text, or null
   * @return the estimated tokens, zero or more
   */
  public static int estimate(String text) {
    return text == null ? 0 : estimate(text.length());
  }

  /**
   * Estimated tokens of a text of this many characters.
   *
   * @param chars the number of characters
   * @return the estimated tokens, zero or more
   */
  public static int estimate(long chars) {
    return (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4);
  }
}
