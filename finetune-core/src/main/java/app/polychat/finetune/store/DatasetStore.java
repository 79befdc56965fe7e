package app.polychat.finetune.store;

import app.polychat.finetune.dataset.LocalDataset;

/**
 * Where training files go before a job reads them: S3 in {@code finetune-bedrock}, or the {@link
 * LocalDirectoryStore} for runs without an account.
 *
 * <pre>{@code
 * StoredDataset stored = store.put(LocalDataset.of(train, validation, "bedrock-conversation-2024"),
 *     "strudel");
 * }</pre>
 */
public interface DatasetStore extends AutoCloseable {

  /**
   * Stores the dataset's files under the project and returns their URIs.
   *
   * @throws StoreException with what to check (bucket, permissions, region, disk)
   */
  StoredDataset put(LocalDataset dataset, String project);

  /** A short name for messages ({@code s3://bucket}, {@code file:/path}). */
  default String describeStore() {
    return getClass().getSimpleName();
  }

  @Override
  default void close() {}
}
