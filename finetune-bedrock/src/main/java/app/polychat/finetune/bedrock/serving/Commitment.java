package app.polychat.finetune.bedrock.serving;

/**
 * The term of a provisioned throughput. Without one it is billed by the hour until deleted; with
 * one it is billed for the whole term and cannot be deleted before it ends.
 */
public enum Commitment {
  /** No commitment: billed hourly, delete it any time. */
  NONE(null, 0),
  /** One month, billed for the month. */
  ONE_MONTH("OneMonth", 1),
  /** Six months, billed for six months. */
  SIX_MONTHS("SixMonths", 6);

  private final String bedrockValue;
  private final int months;

  Commitment(String bedrockValue, int months) {
    this.bedrockValue = bedrockValue;
    this.months = months;
  }

  /**
   * Bedrock's {@code commitmentDuration} value, or null for none.
   *
   * @return {@code OneMonth} or {@code SixMonths}, or null for no commitment
   */
  public String bedrockValue() {
    return bedrockValue;
  }

  /** {@return the term in months (0 for none)} */
  public int months() {
    return months;
  }

  /**
   * {@return the commitment Bedrock reported ({@code OneMonth}, {@code SixMonths}), or {@link
   * #NONE} for null}
   *
   * @param value Bedrock's value, or null
   */
  public static Commitment ofBedrock(String value) {
    if (value == null || value.isBlank()) {
      return NONE;
    }
    for (Commitment c : values()) {
      if (value.equals(c.bedrockValue)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown commitment '" + value + "': upgrade the toolkit");
  }

  /**
   * Parses a command-line value: {@code none}, {@code 1m}/{@code one-month}/{@code OneMonth},
   * {@code 6m}/{@code six-months}/{@code SixMonths}.
   *
   * @param text the value as typed; case does not matter
   * @return the commitment
   * @throws IllegalArgumentException listing the accepted values
   */
  public static Commitment parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
    return switch (t) {
      case "", "none", "no" -> NONE;
      case "1m", "1", "one-month", "onemonth", "one_month" -> ONE_MONTH;
      case "6m", "6", "six-months", "sixmonths", "six_months" -> SIX_MONTHS;
      default ->
          throw new IllegalArgumentException(
              "unknown commitment '" + text + "': use none, 1m (OneMonth) or 6m (SixMonths)");
    };
  }
}
