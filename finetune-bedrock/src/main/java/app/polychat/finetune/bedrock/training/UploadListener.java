package app.polychat.finetune.bedrock.training;

/**
 * Told how uploads progress: several times per file while bytes are sent, then once when the file
 * is uploaded or skipped. Called on the uploading thread; keep it quick.
 *
 * <pre>{@code
 * S3DatasetStore.builder().bucket("my-training-bucket")
 *     .listener(p -> System.out.printf("%s %.0f%%%n", p.file().getFileName(), p.fraction() * 100))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface UploadListener {
  /**
   * Hears one step of an upload: called from the uploading thread, so it must return quickly.
   *
   * @param progress the file, the stage and the bytes sent so far
   */
  void onProgress(UploadProgress progress);

  /** {@return a listener that ignores everything} */
  static UploadListener none() {
    return progress -> {};
  }
}
