package app.polychat.finetune.bedrock.training;

import app.polychat.finetune.bedrock.training.internal.LossCsv;
import app.polychat.finetune.job.MetricPoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the loss curves of a Bedrock customization job from its downloaded output files: {@value
 * #TRAINING_CSV} and {@value #VALIDATION_CSV}, averaging the several rows Bedrock writes per step.
 * {@link BedrockCustomizationBackend#metrics} reads the same files from S3.
 *
 * <pre>{@code
 * List<MetricPoint> points = TrainingLossFiles.read(
 *     Optional.of(folder.resolve(TrainingLossFiles.TRAINING_CSV)), Optional.empty());
 * }</pre>
 */
public final class TrainingLossFiles {
  /** The file Bedrock writes the training loss (and perplexity) per step to. */
  public static final String TRAINING_CSV = "step_wise_training_metrics.csv";

  /** The file Bedrock writes the validation loss per step to. */
  public static final String VALIDATION_CSV = "validation_metrics.csv";

  private TrainingLossFiles() {}

  /**
   * One point per step seen in either file, ascending; a loss is null where its file had none.
   *
   * @param trainingCsv the training metrics file, when there is one
   * @param validationCsv the validation metrics file, when there is one
   * @return the merged points; empty when both are empty or absent
   * @throws IllegalArgumentException when a file lacks a needed column (the message names it)
   * @throws UncheckedIOException when a file cannot be read
   */
  public static List<MetricPoint> read(Optional<Path> trainingCsv, Optional<Path> validationCsv) {
    Objects.requireNonNull(trainingCsv, "trainingCsv");
    Objects.requireNonNull(validationCsv, "validationCsv");
    return LossCsv.merge(
        trainingCsv.isPresent() ? read(trainingCsv.get(), LossCsv.TRAINING_LOSS) : Map.of(),
        validationCsv.isPresent() ? read(validationCsv.get(), LossCsv.VALIDATION_LOSS) : Map.of());
  }

  private static Map<Integer, LossCsv.StepLoss> read(Path file, String column) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return LossCsv.read(reader, column, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
