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
  public PriceSource {
    Objects.requireNonNull(description, "description");
  }

  /** A source with a date (null: undated). */
  public static PriceSource of(String description, LocalDate asOf) {
    return new PriceSource(description, asOf);
  }

  /** {@code "description, 2025-11-09"}, or {@code "description, undated"}. */
  public String describe() {
    return description + ", " + (asOf == null ? "undated" : asOf.toString());
  }
}
