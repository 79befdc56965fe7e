package app.polychat.finetune.bedrock.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Dollar amounts as people read them. Not public API. */
public final class Money {
  private Money() {}

  /**
   * An amount: {@code $73.00}, {@code $1,234.50}; amounts under a cent keep four decimals ({@code
   * $0.0088}) so a small figure never shows as $0.00.
   */
  public static String usd(BigDecimal amount) {
    if (amount == null) {
      return "n/a";
    }
    BigDecimal abs = amount.abs();
    boolean small = abs.signum() != 0 && abs.compareTo(new BigDecimal("0.01")) < 0;
    DecimalFormat format =
        new DecimalFormat(
            small ? "#,##0.0000" : "#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
    format.setRoundingMode(RoundingMode.HALF_UP);
    return "$" + format.format(amount);
  }

  /** A rate exactly as the price table has it: {@code $0.00006}, {@code $0.10}. */
  public static String rate(BigDecimal rate) {
    if (rate == null) {
      return "n/a";
    }
    BigDecimal plain = rate.stripTrailingZeros();
    if (plain.scale() < 2) {
      plain = plain.setScale(2, RoundingMode.UNNECESSARY);
    }
    return "$" + plain.toPlainString();
  }
}
