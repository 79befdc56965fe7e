package app.polychat.finetune.dataset;

import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.support.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Training files on disk: a training file, an optional validation file, their format and counts.
 *
 * @param train the training JSONL file
 * @param validation the validation JSONL file, or null
 * @param formatId the dataset format of both files
 * @param trainCount records in the training file
 * @param validationCount records in the validation file (0 without one)
 */
public record LocalDataset(
    Path train, Path validation, String formatId, long trainCount, long validationCount) {
  /**
   * Checks that the training file and format are given.
   *
   * @param train the training JSONL file
   * @param validation the validation JSONL file, or null
   * @param formatId the dataset format of both files
   * @param trainCount records in the training file
   * @param validationCount records in the validation file (0 without one)
   * @throws NullPointerException when {@code train} or {@code formatId} is null
   */
  public LocalDataset {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(formatId, "formatId");
  }

  /**
   * Describes existing files, counting their non-blank lines.
   *
   * @param train the training file
   * @param validation the validation file, or null
   * @param formatId the format of both files
   * @return the dataset
   * @throws app.polychat.finetune.support.FineTuneException naming the file when it cannot be read
   */
  public static LocalDataset of(Path train, Path validation, String formatId) {
    return new LocalDataset(
        train,
        validation,
        formatId,
        countRecords(train),
        validation == null ? 0 : countRecords(validation));
  }

  /**
   * The validation file, if there is one.
   *
   * @return the file, or empty
   */
  public Optional<Path> validationFile() {
    return Optional.ofNullable(validation);
  }

  /**
   * Records in both files together.
   *
   * @return the training and validation record counts added
   */
  public long totalCount() {
    return trainCount + validationCount;
  }

  /**
   * {@return a content hash of both files: identical data gives the same hash wherever it lies,
   * which is how lineage and resumed uploads recognize it}
   */
  public String contentHash() {
    String trainHash = Hashing.sha256Hex(train);
    String validationHash = validation == null ? null : Hashing.sha256Hex(validation);
    return contentHash(trainHash, validationHash);
  }

  /**
   * {@return the {@link #contentHash()} of files whose SHA-256 digests are already known (a store
   * that hashed them while reading them for upload), without reading them again}
   *
   * @param trainSha256Hex the training file's SHA-256, lowercase hex
   * @param validationSha256Hex the validation file's SHA-256, or null without one
   */
  public static String contentHash(String trainSha256Hex, String validationSha256Hex) {
    Objects.requireNonNull(trainSha256Hex, "trainSha256Hex");
    return Hashing.sha256Hex(
        trainSha256Hex + ":" + (validationSha256Hex == null ? "-" : validationSha256Hex));
  }

  private static long countRecords(Path file) {
    try (var lines = Files.lines(file)) {
      return lines.filter(line -> !line.isBlank()).count();
    } catch (java.io.IOException e) {
      throw new FineTuneException(
          "cannot read dataset file " + file + ": " + e.getMessage(), e, false);
    }
  }
}
