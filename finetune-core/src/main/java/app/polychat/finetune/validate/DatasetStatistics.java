package app.polychat.finetune.validate;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one dataset file holds. Token figures are estimates (Nova has no public tokenizer); the
 * report names the estimator.
 *
 * @param file the file as given
 * @param format the format the records were read as ({@code bedrock-conversation-2024}, ...), or
 *     null when no record could be recognized
 * @param bytes the file's size
 * @param lines lines read
 * @param records non-blank lines: what Bedrock counts as samples
 * @param blankLines empty lines
 * @param recordsWithErrors records with at least one error
 * @param tokens estimated tokens per record (system prompt, turns and role markers)
 * @param characters characters of text per record
 * @param turns user and assistant turns per record
 * @param systemPromptVariants distinct system prompts seen
 * @param systemPromptVariantsCapped true when there were so many that counting stopped
 * @param recordsWithoutSystemPrompt records with no system prompt
 * @param styleComplexity records per style and complexity, from {@code STYLE:} / {@code
 *     COMPLEXITY:} lines in the system prompt or a {@code metadata} object; empty when none
 * @param duplicates records identical to an earlier one in the same file
 * @param overlapWithTraining (validation file only) records also in the training file
 * @param tokenHistogram estimated tokens per record in round-width bins, for drawing
 */
public record DatasetStatistics(
    String file,
    String format,
    long bytes,
    long lines,
    long records,
    long blankLines,
    long recordsWithErrors,
    Distribution tokens,
    Distribution characters,
    Distribution turns,
    long systemPromptVariants,
    boolean systemPromptVariantsCapped,
    long recordsWithoutSystemPrompt,
    Map<String, Map<String, Long>> styleComplexity,
    long duplicates,
    long overlapWithTraining,
    Histogram tokenHistogram) {

  /**
   * Copies the maps; a null token histogram becomes {@link Histogram#EMPTY}.
   *
   * @param file the file as given
   * @param format the format the records were read as ({@code bedrock-conversation-2024}, ...), or
   *     null when no record could be recognized
   * @param bytes the file's size
   * @param lines lines read
   * @param records non-blank lines: what Bedrock counts as samples
   * @param blankLines empty lines
   * @param recordsWithErrors records with at least one error
   * @param tokens estimated tokens per record (system prompt, turns and role markers)
   * @param characters characters of text per record
   * @param turns user and assistant turns per record
   * @param systemPromptVariants distinct system prompts seen
   * @param systemPromptVariantsCapped true when there were so many that counting stopped
   * @param recordsWithoutSystemPrompt records with no system prompt
   * @param styleComplexity records per style and complexity, from {@code STYLE:} / {@code
   *     COMPLEXITY:} lines in the system prompt or a {@code metadata} object; empty when none
   * @param duplicates records identical to an earlier one in the same file
   * @param overlapWithTraining (validation file only) records also in the training file
   * @param tokenHistogram estimated tokens per record in round-width bins, for drawing
   */
  public DatasetStatistics {
    tokenHistogram = java.util.Objects.requireNonNullElse(tokenHistogram, Histogram.EMPTY);
    TreeMap<String, Map<String, Long>> copy = new TreeMap<>();
    styleComplexity.forEach((style, byComplexity) -> copy.put(style, Map.copyOf(byComplexity)));
    styleComplexity = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Statistics without a token histogram (as before histograms were kept).
   *
   * @param file the file as given
   * @param format the format the records were read as ({@code bedrock-conversation-2024}, ...), or
   *     null when no record could be recognized
   * @param bytes the file's size
   * @param lines lines read
   * @param records non-blank lines: what Bedrock counts as samples
   * @param blankLines empty lines
   * @param recordsWithErrors records with at least one error
   * @param tokens estimated tokens per record (system prompt, turns and role markers)
   * @param characters characters of text per record
   * @param turns user and assistant turns per record
   * @param systemPromptVariants distinct system prompts seen
   * @param systemPromptVariantsCapped true when there were so many that counting stopped
   * @param recordsWithoutSystemPrompt records with no system prompt
   * @param styleComplexity records per style and complexity, from {@code STYLE:} / {@code
   *     COMPLEXITY:} lines in the system prompt or a {@code metadata} object; empty when none
   * @param duplicates records identical to an earlier one in the same file
   * @param overlapWithTraining (validation file only) records also in the training file
   */
  public DatasetStatistics(
      String file,
      String format,
      long bytes,
      long lines,
      long records,
      long blankLines,
      long recordsWithErrors,
      Distribution tokens,
      Distribution characters,
      Distribution turns,
      long systemPromptVariants,
      boolean systemPromptVariantsCapped,
      long recordsWithoutSystemPrompt,
      Map<String, Map<String, Long>> styleComplexity,
      long duplicates,
      long overlapWithTraining) {
    this(
        file,
        format,
        bytes,
        lines,
        records,
        blankLines,
        recordsWithErrors,
        tokens,
        characters,
        turns,
        systemPromptVariants,
        systemPromptVariantsCapped,
        recordsWithoutSystemPrompt,
        styleComplexity,
        duplicates,
        overlapWithTraining,
        Histogram.EMPTY);
  }

  /**
   * Records per style (all complexities together).
   *
   * @return records per style, all complexities added together
   */
  public Map<String, Long> styles() {
    Map<String, Long> out = new TreeMap<>();
    styleComplexity.forEach(
        (style, byComplexity) ->
            out.put(style, byComplexity.values().stream().mapToLong(Long::longValue).sum()));
    return out;
  }

  /**
   * Records per complexity (all styles together).
   *
   * @return records per complexity, all styles added together
   */
  public Map<String, Long> complexities() {
    Map<String, Long> out = new TreeMap<>();
    styleComplexity
        .values()
        .forEach(byComplexity -> byComplexity.forEach((c, n) -> out.merge(c, n, Long::sum)));
    return out;
  }
}
