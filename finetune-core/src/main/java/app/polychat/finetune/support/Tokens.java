package app.polychat.finetune.support;

/**
 * The rough token estimate for budgets and progress counts when a teacher reports none: about four
 * characters per token, rounded up. Dataset checks use the finer {@code validate.TokenEstimator}.
 */
public final class Tokens {
  private Tokens() {}

  /**
   * Estimated tokens of a text.
   *
   * @param text the text, or null
   * @return about one token per four characters, rounded up; 0 for null or empty
   */
  public static int estimate(String text) {
    return text == null ? 0 : estimate(text.length());
  }

  /**
   * Estimated tokens of a text of this many characters.
   *
   * @param chars the text's length in characters
   * @return about one token per four characters, rounded up, at most {@link Integer#MAX_VALUE}
   */
  public static int estimate(long chars) {
    return (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4);
  }
}
