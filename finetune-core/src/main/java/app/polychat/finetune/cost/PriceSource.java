package app.polychat.finetune.cost;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Where one price comes from and when it was taken, shown beside every figure that uses it.
 *
 * <pre>{@code
 * PriceSource.of("AWS Price List API (pricing:GetProducts)", LocalDate.now());
 * source.describe();   // "AWS Price List API (pricing:GetProducts), 2026-12-04"
 * }</pre>
 *
 * @param description where it comes from: a file, a flag, an API, a document
 * @param asOf the date the price was taken, or null when the source gives none
 */
public record PriceSource(String description, LocalDate asOf) {
  /**
   * Checks that the description is given.
   *
   * @param description where it comes from: a file, a flag, an API, a document
   * @param asOf the date the price was taken, or null when the source gives none
   * @throws NullPointerException when {@code description} is null
   */
  public PriceSource {
    Objects.requireNonNull(description, "description");
  }

  /**
   * {@return a source with a date (null: undated)}
   *
   * @param description where the price was read (a page, a file, the Price List API)
   * @param asOf the date of the price, or null when undated
   */
  public static PriceSource of(String description, LocalDate asOf) {
    return new PriceSource(description, asOf);
  }

  /**
   * {@code "description, 2025-11-09"}, or {@code "description, undated"}.
   *
   * @return the description with the date, or with {@code undated}
   */
  public String describe() {
    return description + ", " + (asOf == null ? "undated" : asOf.toString());
  }
}
