package app.polychat.finetune.polychat.internal;

/**
 * The toolkit's rough token estimate when the API reports none: about four characters per token,
 * rounded up. Good enough for budgets and cost estimates, not for billing. Not public API.
 */
public final class Tokens {
  private Tokens() {}

  /** Estimated tokens of a text; 0 for null or empty. */
  public static int estimate(String text) {
    return text == null ? 0 : estimate(text.length());
  }

  /** Estimated tokens of a text of this many characters. */
  public static int estimate(long chars) {
    return (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4);
  }
}
