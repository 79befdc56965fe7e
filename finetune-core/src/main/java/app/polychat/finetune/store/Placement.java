package app.polychat.finetune.store;

import app.polychat.finetune.support.KeyTimestamp;
import java.time.Instant;
import java.util.Objects;

/**
 * Which folder a {@link DatasetStore} puts a dataset's files in, under its project.
 *
 * <p>{@link #CONTENT_ADDRESSED} (the default) names the folder after the dataset's content hash, so
 * uploading the same files again lands on the same keys and reuses what is there: the job's URIs,
 * and with them its idempotency token, stay the same on a rerun, and the backend creates one job.
 * {@link #TIMESTAMPED} asks for a new folder named after the upload time, as the original toolkit
 * did: a fresh copy, new URIs, and so a new job.
 *
 * <pre>{@code
 * store.put(dataset, "strudel", Placement.CONTENT_ADDRESSED);  // strudel/<sha-256>/train.jsonl
 * store.put(dataset, "strudel", Placement.TIMESTAMPED);        // strudel/2026-12-04T19-00-00/...
 * }</pre>
 */
public enum Placement {
  /** {@code {project}/{content hash}/}: the same data always has the same URIs (the default). */
  CONTENT_ADDRESSED,
  /** {@code {project}/{UTC timestamp}/}: a new folder, and new URIs, on every upload. */
  TIMESTAMPED;

  /**
   * {@return the folder, without a trailing slash: {@code {project}/{contentHash}} or {@code
   * {project}/{timestamp}}} Both are made of letters, digits and {@code -} only, characters Bedrock
   * accepts in an S3 URI.
   *
   * @param project the project folder
   * @param contentHash the dataset's content hash ({@link
   *     app.polychat.finetune.dataset.LocalDataset#contentHash()}), lowercase hex
   * @param at the upload time, used by {@link #TIMESTAMPED}
   */
  public String folder(String project, String contentHash, Instant at) {
    Objects.requireNonNull(project, "project");
    return switch (this) {
      case CONTENT_ADDRESSED -> project + "/" + Objects.requireNonNull(contentHash, "contentHash");
      case TIMESTAMPED ->
          project + "/" + KeyTimestamp.FORMAT.format(Objects.requireNonNull(at, "at"));
    };
  }
}
