package app.polychat.finetune.generate;

import app.polychat.finetune.format.BedrockConversationFormatter;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a generation run writes its dataset and treats earlier runs of the same plan.
 *
 * @param outputDir where {@code train.jsonl} and {@code validation.jsonl} go
 * @param formatId the dataset format
 * @param trainRatio share of examples for training (0.8 = 80/20); 1.0 writes no validation file
 * @param seed split seed
 * @param fresh start a new run even when a journal for the same plan exists
 * @param retryFailed ask again for requests that failed in earlier runs (the default), up to {@code
 *     maxAttempts} asks per request; false leaves earlier failures failed
 * @param maxAttempts how many runs may ask the teacher for one request before its failure is left
 *     as it is (default {@value #DEFAULT_MAX_ATTEMPTS}); a source's own retries within one ask, and
 *     failures because the whole teacher was unavailable, do not count
 * @param allowPartial write and accept a dataset with requests still missing (default false: a
 *     short dataset is not written, and the result says what is missing)
 */
public record GenerationOptions(
    Path outputDir,
    String formatId,
    double trainRatio,
    long seed,
    boolean fresh,
    boolean retryFailed,
    int maxAttempts,
    boolean allowPartial) {
  /** Runs that may ask for one request before its failure is final: 3. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /**
   * Checks that the folder and format are given and the attempt cap is at least 1.
   *
   * @param outputDir where {@code train.jsonl} and {@code validation.jsonl} go
   * @param formatId the dataset format
   * @param trainRatio share of examples for training (0.8 = 80/20); 1.0 writes no validation file
   * @param seed split seed
   * @param fresh start a new run even when a journal for the same plan exists
   * @param retryFailed ask again for requests that failed in earlier runs (the default), up to
   *     {@code maxAttempts} asks per request; false leaves earlier failures failed
   * @param maxAttempts how many runs may ask the teacher for one request before its failure is left
   *     as it is (default {@value #DEFAULT_MAX_ATTEMPTS}); a source's own retries within one ask,
   *     and failures because the whole teacher was unavailable, do not count
   * @param allowPartial write and accept a dataset with requests still missing (default false: a
   *     short dataset is not written, and the result says what is missing)
   * @throws IllegalArgumentException when {@code maxAttempts} is below 1
   */
  public GenerationOptions {
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(formatId, "formatId");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
  }

  /**
   * Options with the default attempt cap that refuse a short dataset.
   *
   * @param outputDir where the dataset is written
   * @param formatId the dataset format
   * @param trainRatio the share for training, above 0 and at most 1
   * @param seed the split's seed
   * @param fresh true to start a new run instead of resuming
   * @param retryFailed true to ask again for earlier failures
   */
  public GenerationOptions(
      Path outputDir,
      String formatId,
      double trainRatio,
      long seed,
      boolean fresh,
      boolean retryFailed) {
    this(outputDir, formatId, trainRatio, seed, fresh, retryFailed, DEFAULT_MAX_ATTEMPTS, false);
  }

  /**
   * Bedrock conversation files in {@code dir}, 80/20 split, seed 42, resuming earlier runs and
   * asking again for their failures (up to 3 asks per request), refusing a short dataset.
   *
   * @param dir where the dataset is written
   * @return the options
   */
  public static GenerationOptions defaults(Path dir) {
    return new GenerationOptions(dir, BedrockConversationFormatter.FORMAT_ID, 0.8, 42, false, true);
  }

  /**
   * {@return the same options with another attempt cap}
   *
   * @param max asks per request across runs, at least 1
   */
  public GenerationOptions withMaxAttempts(int max) {
    return new GenerationOptions(
        outputDir, formatId, trainRatio, seed, fresh, retryFailed, max, allowPartial);
  }

  /**
   * {@return the same options, accepting (or refusing) a short dataset}
   *
   * @param allow true to accept a short dataset
   */
  public GenerationOptions withAllowPartial(boolean allow) {
    return new GenerationOptions(
        outputDir, formatId, trainRatio, seed, fresh, retryFailed, maxAttempts, allow);
  }

  /**
   * {@return the same options, asking again (or not) for earlier failures}
   *
   * @param retry true to ask again for earlier failures
   */
  public GenerationOptions withRetryFailed(boolean retry) {
    return new GenerationOptions(
        outputDir, formatId, trainRatio, seed, fresh, retry, maxAttempts, allowPartial);
  }

  /**
   * {@return the same options, starting a new run (or resuming)}
   *
   * @param startOver true to start a new run
   */
  public GenerationOptions withFresh(boolean startOver) {
    return new GenerationOptions(
        outputDir, formatId, trainRatio, seed, startOver, retryFailed, maxAttempts, allowPartial);
  }
}
