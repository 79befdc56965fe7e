package app.polychat.finetune.cost;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An estimated cost in US dollars, item by item, with the date of the prices it used. It is an
 * estimate: token counts are estimated (Nova has no public tokenizer) and prices change; the text
 * form says both.
 *
 * <pre>{@code
 * CostEstimate cost = estimator.training("nova-pro", 150_000, 3);
 * cost.totalUsd();   // 3.60
 * cost.toText();     // "Estimated cost (prices as of 2025-11-09 ...)"
 * }</pre>
 *
 * @param items what is paid for
 * @param pricesAsOf the date of the price table
 * @param priceSource where the prices come from
 * @param notPriced what will be paid for but has no known price (each with why and what is known of
 *     its size); never counted as zero in a total that claims to be complete
 */
public record CostEstimate(
    List<Item> items, LocalDate pricesAsOf, String priceSource, List<String> notPriced) {

  /**
   * An estimate in which everything is priced.
   *
   * @param items what is paid for
   * @param pricesAsOf the date of the price table
   * @param priceSource where the prices come from
   */
  public CostEstimate(List<Item> items, LocalDate pricesAsOf, String priceSource) {
    this(items, pricesAsOf, priceSource, List.of());
  }

  /**
   * One thing paid for.
   *
   * @param label what it is ("training Amazon Nova Pro")
   * @param usd estimated dollars
   * @param basis how it is computed ("150,000 tokens × 3 epochs × $0.008 per 1K tokens")
   * @param note a caveat, or null
   * @param priceSource where the prices of this item come from and their date ({@link
   *     PriceSource#describe()}), or null when the estimate's table source applies
   */
  public record Item(String label, BigDecimal usd, String basis, String note, String priceSource) {
    /**
     * Checks that the label, amount and basis are given.
     *
     * @param label what it is ("training Amazon Nova Pro")
     * @param usd estimated dollars
     * @param basis how it is computed ("150,000 tokens × 3 epochs × $0.008 per 1K tokens")
     * @param note a caveat, or null
     * @param priceSource where the prices of this item come from and their date ({@link
     *     PriceSource#describe()}), or null when the estimate's table source applies
     * @throws NullPointerException when {@code label}, {@code usd} or {@code basis} is null
     */
    public Item {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(usd, "usd");
      Objects.requireNonNull(basis, "basis");
    }

    /**
     * An item priced from the estimate's table.
     *
     * @param label what it is ("training Amazon Nova Pro")
     * @param usd estimated dollars
     * @param basis how it is computed ("150,000 tokens × 3 epochs × $0.008 per 1K tokens")
     * @param note a caveat, or null
     */
    public Item(String label, BigDecimal usd, String basis, String note) {
      this(label, usd, basis, note, null);
    }
  }

  /**
   * Copies the item lists and checks that the price date and source are given.
   *
   * @param items what is paid for
   * @param pricesAsOf the date of the price table
   * @param priceSource where the prices come from
   * @param notPriced what will be paid for but has no known price; never counted as zero
   * @throws NullPointerException when {@code pricesAsOf} or {@code priceSource} is null
   */
  public CostEstimate {
    items = List.copyOf(items);
    notPriced = List.copyOf(notPriced);
    Objects.requireNonNull(pricesAsOf, "pricesAsOf");
    Objects.requireNonNull(priceSource, "priceSource");
  }

  /** {@return whether every part of the cost has a price ({@link #notPriced()} is empty)} */
  public boolean complete() {
    return notPriced.isEmpty();
  }

  /**
   * {@return the sum of the priced items, unrounded (what {@link #notPriced()} lists is not in it)}
   */
  public BigDecimal totalUsd() {
    return items.stream().map(Item::usd).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /**
   * {@return this estimate and another from the same price table, together}
   *
   * @param other another estimate from the same price table
   * @throws IllegalArgumentException when the two used different price tables
   */
  public CostEstimate plus(CostEstimate other) {
    if (!pricesAsOf.equals(other.pricesAsOf) || !priceSource.equals(other.priceSource)) {
      throw new IllegalArgumentException("cannot add estimates made with different price tables");
    }
    List<Item> all = new ArrayList<>(items);
    all.addAll(other.items);
    List<String> unknown = new ArrayList<>(notPriced);
    unknown.addAll(other.notPriced);
    return new CostEstimate(all, pricesAsOf, priceSource, unknown);
  }

  /** {@return one line: "estimated $3.60 (prices as of 2025-11-09)"} */
  public String summary() {
    if (!complete()) {
      return (items.isEmpty() ? "no estimate" : "at least " + formatUsd(totalUsd()))
          + ": "
          + notPriced.size()
          + (notPriced.size() == 1 ? " part has" : " parts have")
          + " no known price (prices as of "
          + pricesAsOf
          + ")";
    }
    return "estimated " + formatUsd(totalUsd()) + " (prices as of " + pricesAsOf + ")";
  }

  /** {@return every item with its basis, the total, and the price table's date and source} */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append("Estimated cost (an estimate, not a quote: prices as of ")
        .append(pricesAsOf)
        .append(", ")
        .append(priceSource)
        .append("; token counts are estimates)\n");
    for (Item item : items) {
      out.append(
              String.format(
                  Locale.ROOT, "  %-12s %s%n", "≈ " + formatUsd(item.usd()), item.label()))
          .append("               ")
          .append(item.basis())
          .append('\n');
      out.append("               price: ")
          .append(item.priceSource() == null ? priceSource + ", " + pricesAsOf : item.priceSource())
          .append('\n');
      if (item.note() != null) {
        out.append("               note: ").append(item.note()).append('\n');
      }
    }
    for (String unknown : notPriced) {
      out.append(String.format(Locale.ROOT, "  %-12s %s%n", "not priced", unknown));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "  %-12s total (estimated%s)%n",
            "≈ " + formatUsd(totalUsd()),
            complete() ? "" : "; without what is not priced"));
    return out.toString();
  }

  /**
   * Dollars for people: cents from one cent up ({@code $3.60}, {@code $1,234.50}), otherwise two
   * significant digits ({@code $0.0035}).
   *
   * @param usd an amount in US dollars
   * @return the amount with a dollar sign, such as {@code $3.60}
   */
  public static String formatUsd(BigDecimal usd) {
    BigDecimal abs = usd.abs();
    if (abs.signum() == 0) {
      return "$0.00";
    }
    if (abs.compareTo(new BigDecimal("0.01")) >= 0) {
      DecimalFormat format =
          new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
      format.setRoundingMode(RoundingMode.HALF_UP);
      return (usd.signum() < 0 ? "-$" : "$") + format.format(abs);
    }
    return (usd.signum() < 0 ? "-$" : "$")
        + abs.round(new MathContext(2, RoundingMode.HALF_UP)).stripTrailingZeros().toPlainString();
  }
}
