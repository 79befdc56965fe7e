package app.polychat.finetune.store;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Training files where a backend can read them.
 *
 * @param trainingUri {@code s3://...} or {@code file:...}
 * @param validationUri the validation file's URI, or null
 * @param project the project the files were stored under
 * @param storedAt when they were stored
 */
public record StoredDataset(URI trainingUri, URI validationUri, String project, Instant storedAt) {
  /**
   * Checks that the training URI is given.
   *
   * @param trainingUri {@code s3://...} or {@code file:...}
   * @param validationUri the validation file's URI, or null
   * @param project the project the files were stored under
   * @param storedAt when they were stored
   */
  public StoredDataset {
    Objects.requireNonNull(trainingUri, "trainingUri");
  }

  /**
   * The validation file's URI, if there is one.
   *
   * @return the URI, or empty
   */
  public Optional<URI> validation() {
    return Optional.ofNullable(validationUri);
  }
}
