package app.polychat.finetune.store;

import app.polychat.finetune.dataset.LocalDataset;

/**
 * Where training files go before a job reads them: S3 in {@code finetune-bedrock}, or the {@link
 * LocalDirectoryStore} for runs without an account.
 *
 * <pre>{@code
 * StoredDataset stored = store.put(LocalDataset.of(train, validation, "bedrock-conversation-2024"),
 *     "strudel");   // strudel/<content hash>/train.jsonl, the same URIs on every rerun
 * }</pre>
 */
public interface DatasetStore extends AutoCloseable {

  /**
   * Stores the dataset's files under {@code {project}/{content hash}/} and returns their URIs: the
   * same files stored again reuse the same objects ({@link Placement#CONTENT_ADDRESSED}).
   *
   * @param dataset the local files to store
   * @param project the project to store them under
   * @return where the files were stored
   * @throws StoreException with what to check (bucket, permissions, region, disk)
   */
  default StoredDataset put(LocalDataset dataset, String project) {
    return put(dataset, project, Placement.CONTENT_ADDRESSED);
  }

  /**
   * Stores the dataset's files under the project, in the folder the placement names, and returns
   * their URIs. With {@link Placement#CONTENT_ADDRESSED}, files already stored there with the same
   * content are not written again.
   *
   * @param dataset the local files to store
   * @param project the project to store them under
   * @param placement by content hash, or in a new timestamped folder
   * @return where the files were stored
   * @throws StoreException with what to check (bucket, permissions, region, disk)
   */
  StoredDataset put(LocalDataset dataset, String project, Placement placement);

  /** {@return a short name for messages ({@code s3://bucket}, {@code file:/path})} */
  default String describeStore() {
    return getClass().getSimpleName();
  }

  @Override
  default void close() {}
}
