/**
 * Where training files go: {@link app.polychat.finetune.store.DatasetStore}, with {@link
 * app.polychat.finetune.store.LocalDirectoryStore} as the account-free default; the S3 store lives
 * in {@code finetune-bedrock}.
 *
 * <pre>{@code
 * StoredDataset stored = LocalDirectoryStore.of(Path.of("store")).put(dataset, "strudel");
 * }</pre>
 */
package app.polychat.finetune.store;
