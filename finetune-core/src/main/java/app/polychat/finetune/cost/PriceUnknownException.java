package app.polychat.finetune.cost;

/**
 * A price the estimate needs is not known: the toolkit ships no guessed figure, so the message says
 * where to read the price and how to give it, instead of showing a number.
 */
public final class PriceUnknownException extends PriceTableException {
  private static final long serialVersionUID = 1L;

  /** Where AWS publishes provisioned-throughput prices. */
  public static final String PRICING_PAGE = "https://aws.amazon.com/bedrock/pricing/";

  /**
   * An unknown price, with a message saying what is missing and how to fix it.
   *
   * @param message what price is missing and how to give it
   */
  public PriceUnknownException(String message) {
    super(message);
  }

  static PriceUnknownException provisioned(String model, String kind) {
    return new PriceUnknownException(
        "the "
            + ("committed".equals(kind) ? "committed monthly" : "hourly")
            + " provisioned-throughput price of "
            + model
            + " is unknown: the toolkit bundles no guessed figure (published custom-model rates"
            + " run from about $7 to $50 per model-unit hour). Read it on "
            + PRICING_PAGE
            + " (Provisioned Throughput) or on the console's purchase page, then give it: "
            + ("committed".equals(kind)
                ? "\"provisionedPerUnitMonthCommitted\""
                : "--provisioned-price USD, or \"provisionedPerUnitHour\"")
            + " in your price file");
  }
}
