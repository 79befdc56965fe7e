package app.polychat.finetune.bedrock.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.bedrock.testing.S3ProxyServer;
import app.polychat.finetune.dataset.LocalDataset;
import app.polychat.finetune.store.StoreException;
import app.polychat.finetune.store.StoredDataset;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link S3DatasetStore#putBeside}: a run manifest lands next to the files it describes. */
class S3DatasetStorePutBesideTest {
  private static S3ProxyServer s3;
  @TempDir Path dir;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = new S3ProxyServer();
    s3.createBucket("manifests-bucket");
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  private S3DatasetStore store() {
    return S3DatasetStore.builder()
        .bucket("manifests-bucket")
        .s3Client(s3.client())
        .clock(Clock.fixed(Instant.parse("2025-11-09T12:00:00Z"), ZoneOffset.UTC))
        .build();
  }

  private StoredDataset upload(S3DatasetStore store) throws IOException {
    Path train = dir.resolve("train.jsonl");
    Files.writeString(
        train,
        "{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"q\"}]},{\"role\":\"assistant\",\"content\":[{\"text\":\"a\"}]}]}\n");
    return store.put(
        LocalDataset.of(train, null, "bedrock-conversation-2024"),
        "strudel",
        app.polychat.finetune.store.Placement.TIMESTAMPED);
  }

  @Test
  void putBeside_storesTheTextInTheTrainingFilesFolder() throws IOException {
    try (S3DatasetStore store = store()) {
      StoredDataset stored = upload(store);
      URI uri =
          store.putBeside(
              stored.trainingUri(),
              "lineage-strudel-v4.json",
              "{\"a\": \"é\"}\n",
              "application/json");
      assertThat(uri)
          .isEqualTo(
              URI.create(
                  "s3://manifests-bucket/strudel/2025-11-09T12-00-00/lineage-strudel-v4.json"));
      assertThat(s3.read("manifests-bucket", "strudel/2025-11-09T12-00-00/lineage-strudel-v4.json"))
          .isEqualTo("{\"a\": \"é\"}\n");
      assertThat(
              s3.client()
                  .headObject(
                      h ->
                          h.bucket("manifests-bucket")
                              .key("strudel/2025-11-09T12-00-00/lineage-strudel-v4.json"))
                  .contentType())
          .isEqualTo("application/json");
    }
  }

  @Test
  void putBeside_refusesAnotherBucketOrAPathAsAName() {
    try (S3DatasetStore store = store()) {
      assertThatThrownBy(
              () ->
                  store.putBeside(
                      URI.create("s3://other-bucket/x/train.jsonl"),
                      "m.json",
                      "{}",
                      "application/json"))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("not in bucket manifests-bucket");
      assertThatThrownBy(
              () ->
                  store.putBeside(
                      URI.create("s3://manifests-bucket/x/train.jsonl"),
                      "../escape.json",
                      "{}",
                      "application/json"))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("not a file name");
      assertThatThrownBy(
              () ->
                  store.putBeside(
                      URI.create("file:/tmp/train.jsonl"), "m.json", "{}", "text/plain"))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("is not an S3 URI");
    }
  }
}
