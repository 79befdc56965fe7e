package app.polychat.finetune.bedrock.evaluation;

import app.polychat.finetune.check.Score;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of a {@link ModelComparison}: per model, format compliance, answer length, latency,
 * tokens and cost per 1,000 requests; and a few prompts with every model's answer side by side.
 * Written as JSON for programs and Markdown for people.
 *
 * @param promptSource where the prompts came from (a file name, or {@code "given prompts"})
 * @param prompts how many prompts were run
 * @param scorer the scorer's name
 * @param checkDescriptions each check's name and meaning, in the scorer's order
 * @param settings the inference settings every Bedrock model ran with
 * @param models one result per model, in the order they were added
 * @param examples the first prompts with every answer
 * @param startedAt when the run started
 * @param elapsed how long it took
 * @param pricesAsOf the date of the price table used for costs
 */
public record ComparisonReport(
    String promptSource,
    int prompts,
    String scorer,
    Map<String, String> checkDescriptions,
    String settings,
    List<ModelResult> models,
    List<Example> examples,
    Instant startedAt,
    Duration elapsed,
    String pricesAsOf) {

  /**
   * One prompt with every model's answer.
   *
   * @param index the prompt's position in the source (0-based)
   * @param prompt the user prompt
   * @param answers one per model, in the models' order
   */
  public record Example(int index, String prompt, List<ExampleAnswer> answers) {
    /**
     * Copies the answers.
     *
     * @param index the prompt's position in the source (0-based)
     * @param prompt the user prompt
     * @param answers one per model, in the models' order
     */
    public Example {
      answers = List.copyOf(answers);
    }
  }

  /**
   * One model's answer to an example prompt.
   *
   * @param label the model's label
   * @param text the answer, or null when the call failed
   * @param score the score, or null when the call failed
   * @param error why the call failed, or null
   */
  public record ExampleAnswer(String label, String text, Score score, String error) {}

  /**
   * Checks that the prompt source is given and copies the lists and descriptions.
   *
   * @param promptSource where the prompts came from (a file name, or {@code "given prompts"})
   * @param prompts how many prompts were run
   * @param scorer the scorer's name
   * @param checkDescriptions each check's name and meaning, in the scorer's order
   * @param settings the inference settings every Bedrock model ran with
   * @param models one result per model, in the order they were added
   * @param examples the first prompts with every answer
   * @param startedAt when the run started
   * @param elapsed how long it took
   * @param pricesAsOf the date of the price table used for costs
   */
  public ComparisonReport {
    Objects.requireNonNull(promptSource, "promptSource");
    checkDescriptions = Collections.unmodifiableMap(new LinkedHashMap<>(checkDescriptions));
    models = List.copyOf(models);
    examples = List.copyOf(examples);
  }

  /**
   * {@return the result of the model with this label}
   *
   * @param label the model's label in the report
   * @throws IllegalArgumentException naming the labels there are
   */
  public ModelResult model(String label) {
    return models.stream()
        .filter(m -> m.label().equals(label))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no model labelled '"
                        + label
                        + "': the report has "
                        + models.stream().map(ModelResult::label).toList()));
  }

  /**
   * {@return the report as Markdown: a side-by-side table, the checks' legend, and the examples}
   */
  public String toMarkdown() {
    return ComparisonRendering.markdown(this);
  }

  /** {@return the report as pretty-printed JSON} */
  public String toJson() {
    return ComparisonRendering.json(this);
  }

  /**
   * Writes {@link #toJson()} to a file (atomically: a reader never sees half a report).
   *
   * @param file the file to write; missing folders are created
   * @return the absolute path written
   */
  public Path writeJson(Path file) {
    return write(file, toJson());
  }

  /**
   * Writes {@link #toMarkdown()} to a file (atomically).
   *
   * @param file the file to write; missing folders are created
   * @return the absolute path written
   */
  public Path writeMarkdown(Path file) {
    return write(file, toMarkdown());
  }

  private static Path write(Path file, String text) {
    Objects.requireNonNull(file, "file");
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try {
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
