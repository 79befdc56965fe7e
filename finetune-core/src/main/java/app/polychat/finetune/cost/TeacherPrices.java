package app.polychat.finetune.cost;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a teacher model charges per 1,000 tokens, in US dollars.
 *
 * @param name the entry's name in the price table ({@code claude-sonnet})
 * @param match lower-case fragments; a teacher whose model name contains one uses these prices
 * @param inputPer1kTokens per 1,000 prompt tokens
 * @param outputPer1kTokens per 1,000 answer tokens
 * @param note a caveat (set when the prices were assumed for an unknown teacher), or null
 * @param source where these prices come from and their date
 */
public record TeacherPrices(
    String name,
    List<String> match,
    BigDecimal inputPer1kTokens,
    BigDecimal outputPer1kTokens,
    String note,
    PriceSource source) {
  /**
   * Checks that the prices are given and copies the match fragments.
   *
   * @param name the entry's name in the price table ({@code claude-sonnet})
   * @param match lower-case fragments; a teacher whose model name contains one uses these prices
   * @param inputPer1kTokens per 1,000 prompt tokens
   * @param outputPer1kTokens per 1,000 answer tokens
   * @param note a caveat (set when the prices were assumed for an unknown teacher), or null
   * @param source where these prices come from and their date
   * @throws NullPointerException when the name, a price or the source is null
   */
  public TeacherPrices {
    Objects.requireNonNull(name, "name");
    match = List.copyOf(match);
    Objects.requireNonNull(inputPer1kTokens, "inputPer1kTokens");
    Objects.requireNonNull(outputPer1kTokens, "outputPer1kTokens");
    Objects.requireNonNull(source, "source");
  }

  /**
   * {@return whether a teacher called {@code modelName} uses these prices}
   *
   * @param modelName the teacher model's name as the source reports it
   */
  public boolean matches(String modelName) {
    String lower = modelName.toLowerCase(Locale.ROOT);
    return match.stream().anyMatch(lower::contains);
  }

  TeacherPrices withNote(String newNote) {
    return new TeacherPrices(name, match, inputPer1kTokens, outputPer1kTokens, newNote, source);
  }
}
