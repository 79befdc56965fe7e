package app.polychat.finetune.bedrock.serving;

import app.polychat.finetune.cost.PriceSource;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * Finds the price of provisioned throughput per model unit and hour, for a base model, region and
 * term. {@link PriceListLookup} asks the AWS Price List Query API; a test or a program can answer
 * from anywhere else. It never guesses: when it does not know, it says why.
 */
@FunctionalInterface
public interface ProvisionedPriceLookup {

  /**
   * {@return the hourly price per model unit, or why there is none}
   *
   * @param baseModelId the custom model's base model ({@code amazon.nova-lite-v1:0:300k})
   * @param region where the throughput would run ({@code us-east-1})
   * @param commitment the term
   */
  Result find(String baseModelId, String region, Commitment commitment);

  /**
   * A price with its source, or the reason there is none.
   *
   * @param perUnitHour USD per model unit and hour, or null when not found
   * @param source where the price comes from and its date, or null when not found
   * @param reason why no price was found, or null when found
   */
  record Result(BigDecimal perUnitHour, PriceSource source, String reason) {
    /**
     * Checks that the result is either a price with its source or a reason.
     *
     * @param perUnitHour USD per model unit and hour, or null when not found
     * @param source where the price comes from and its date, or null when not found
     * @param reason why no price was found, or null when found
     * @throws IllegalArgumentException when both or neither are given, or a price has no source
     */
    public Result {
      if ((perUnitHour == null) == (reason == null)) {
        throw new IllegalArgumentException("give either a price with its source, or a reason");
      }
      if (perUnitHour != null) {
        Objects.requireNonNull(source, "source");
      }
    }

    /**
     * {@return a price found}
     *
     * @param perUnitHour US dollars per model unit and hour
     * @param source where the price was found
     */
    public static Result found(BigDecimal perUnitHour, PriceSource source) {
      return new Result(Objects.requireNonNull(perUnitHour, "perUnitHour"), source, null);
    }

    /**
     * No price, and why.
     *
     * @param reason why no price was found
     * @return the result
     */
    public static Result notFound(String reason) {
      return new Result(null, null, Objects.requireNonNull(reason, "reason"));
    }

    /** {@return whether a price was found} */
    public boolean isFound() {
      return perUnitHour != null;
    }
  }
}
