package app.polychat.finetune.bedrock.training;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How far the upload of one file has come, for progress bars.
 *
 * @param file the local file
 * @param target where it goes (or, when skipped, the identical object already there)
 * @param bytesSent bytes sent so far (the whole file once uploaded or skipped)
 * @param totalBytes the file's size
 * @param stage what is happening to the file
 */
public record UploadProgress(
    Path file, URI target, long bytesSent, long totalBytes, UploadProgress.Stage stage) {

  /** What is happening to a file. */
  public enum Stage {
    /** Bytes are being sent. */
    UPLOADING,
    /** The object exists and S3 has verified its checksum. */
    UPLOADED,
    /** An identical object was already there (resume): nothing was sent. */
    SKIPPED
  }

  /**
   * Checks that the file, target and stage are given.
   *
   * @param file the local file
   * @param target where it goes (or, when skipped, the identical object already there)
   * @param bytesSent bytes sent so far (the whole file once uploaded or skipped)
   * @param totalBytes the file's size
   * @param stage what is happening to the file
   */
  public UploadProgress {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(stage, "stage");
  }

  /** {@return the share done, 0.0 to 1.0 (1.0 for an empty file)} */
  public double fraction() {
    return totalBytes == 0 ? 1.0 : Math.min(1.0, (double) bytesSent / totalBytes);
  }
}
