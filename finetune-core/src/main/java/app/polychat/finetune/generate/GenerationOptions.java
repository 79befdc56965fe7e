package app.polychat.finetune.generate;

import app.polychat.finetune.format.BedrockConversationFormatter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a generation run writes its dataset and treats earlier runs of the same plan.
 *
 * @param outputDir where {@code train.jsonl} and {@code validation.jsonl} go
 * @param formatId the dataset format
 * @param trainRatio share of examples for training (0.8 = 80/20); 1.0 writes no validation file
 * @param seed split seed
 * @param fresh start a new run even when a journal for the same plan exists
 * @param retryFailed ask again for requests that failed in earlier runs
 * @param runOptions settings to record with the run (secrets are masked by the tracker)
 */
public record GenerationOptions(
    Path outputDir,
    String formatId,
    double trainRatio,
    long seed,
    boolean fresh,
    boolean retryFailed,
    Map<String, String> runOptions) {
  public GenerationOptions {
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(formatId, "formatId");
    runOptions = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNullElse(runOptions, Map.of())));
  }

  /** Bedrock conversation files in {@code dir}, 80/20 split, seed 42, resuming earlier runs. */
  public static GenerationOptions defaults(Path dir) {
    return new GenerationOptions(
        dir, BedrockConversationFormatter.FORMAT_ID, 0.8, 42, false, false, Map.of());
  }
}
