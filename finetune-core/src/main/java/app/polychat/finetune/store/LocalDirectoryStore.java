package app.polychat.finetune.store;

import app.polychat.finetune.dataset.LocalDataset;
import app.polychat.finetune.support.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Stores training files in a local folder, laid out as the S3 store lays out its keys: {@code
 * {root}/{project}/{content hash}/train.jsonl} and {@code validation.jsonl} by default ({@link
 * Placement#CONTENT_ADDRESSED}: storing the same files again reuses them and returns the same
 * URIs), or {@code {root}/{project}/{UTC timestamp}/} when a fresh copy is asked for ({@link
 * Placement#TIMESTAMPED}). Returns {@code file:} URIs. The default store when no bucket is
 * configured.
 *
 * <pre>{@code
 * DatasetStore store = LocalDirectoryStore.of(Path.of("datasets/store"));
 * }</pre>
 */
public final class LocalDirectoryStore implements DatasetStore {
  private final Path root;
  private final Clock clock;

  private LocalDirectoryStore(Path root, Clock clock) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A store under {@code root}, timestamped with the system clock.
   *
   * @param root the folder to store under
   * @return the store
   */
  public static LocalDirectoryStore of(Path root) {
    return new LocalDirectoryStore(root, Clock.systemUTC());
  }

  /**
   * A store under {@code root}, timestamped with {@code clock}.
   *
   * @param root the folder to store under
   * @param clock the clock for timestamped folders
   * @return the store
   */
  public static LocalDirectoryStore of(Path root, Clock clock) {
    return new LocalDirectoryStore(root, clock);
  }

  @Override
  public StoredDataset put(LocalDataset dataset, String project, Placement placement) {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(placement, "placement");
    Instant now = clock.instant();
    String trainHash;
    String validationHash;
    try {
      trainHash = Hashing.sha256Hex(dataset.train());
      validationHash =
          dataset.validation() == null ? null : Hashing.sha256Hex(dataset.validation());
    } catch (UncheckedIOException e) {
      throw new StoreException(
          e.getMessage() + ": check that the dataset file exists and is readable", e, false);
    }
    String folder =
        placement.folder(project, LocalDataset.contentHash(trainHash, validationHash), now);
    Path dir = root.resolve(folder);
    try {
      Files.createDirectories(dir);
      URI train = store(dataset.train(), trainHash, dir.resolve("train.jsonl"));
      URI validation =
          dataset.validation() == null
              ? null
              : store(dataset.validation(), validationHash, dir.resolve("validation.jsonl"));
      return new StoredDataset(train, validation, project, now);
    } catch (IOException e) {
      throw new StoreException(
          "cannot store the dataset under " + dir + ": " + e.getMessage(), e, false);
    }
  }

  /** Copies the file unless an identical one (same SHA-256) is already there. */
  private static URI store(Path from, String sha256Hex, Path to) throws IOException {
    if (Files.isRegularFile(to) && sha256Hex.equals(Hashing.sha256Hex(to))) {
      return to.toUri();
    }
    Path temp = Files.createTempFile(to.getParent(), "." + to.getFileName(), ".tmp");
    try {
      Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    return to.toUri();
  }

  @Override
  public String describeStore() {
    return root.toUri().toString();
  }
}
