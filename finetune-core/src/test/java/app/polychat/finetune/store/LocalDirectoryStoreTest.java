package app.polychat.finetune.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.dataset.LocalDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectoryStoreTest {
  static final Clock T1 = Clock.fixed(Instant.parse("2025-11-09T12:00:00Z"), ZoneOffset.UTC);
  static final Clock T2 = Clock.fixed(Instant.parse("2025-11-10T08:30:15Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  LocalDataset dataset() throws IOException {
    Path train = Files.writeString(dir.resolve("train.jsonl"), "{\"a\":1}\n{\"a\":2}\n");
    Path validation = Files.writeString(dir.resolve("validation.jsonl"), "{\"a\":3}\n");
    return LocalDataset.of(train, validation, "bedrock-conversation-2024");
  }

  @Test
  void put_storesUnderTheContentHash_andAgainLaterReusesTheSameFiles() throws IOException {
    LocalDataset dataset = dataset();
    StoredDataset first = LocalDirectoryStore.of(dir.resolve("store"), T1).put(dataset, "p");
    Path stored = Path.of(first.trainingUri());
    assertThat(stored)
        .isEqualTo(dir.resolve("store/p/" + dataset.contentHash() + "/train.jsonl"))
        .hasSameTextualContentAs(dataset.train());
    Files.setLastModifiedTime(stored, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

    StoredDataset second = LocalDirectoryStore.of(dir.resolve("store"), T2).put(dataset, "p");

    assertThat(second.trainingUri()).isEqualTo(first.trainingUri());
    assertThat(second.validationUri()).isEqualTo(first.validationUri());
    // not copied again
    assertThat(Files.getLastModifiedTime(stored).toInstant())
        .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
  }

  @Test
  void put_replacesAStoredFileWhoseContentNoLongerMatches() throws IOException {
    LocalDataset dataset = dataset();
    StoredDataset first = LocalDirectoryStore.of(dir.resolve("store"), T1).put(dataset, "p");
    Path stored = Path.of(first.trainingUri());
    Files.writeString(stored, "truncated");

    LocalDirectoryStore.of(dir.resolve("store"), T2).put(dataset, "p");

    assertThat(stored).hasSameTextualContentAs(dataset.train());
  }

  @Test
  void put_timestamped_makesANewFolderEachTime() throws IOException {
    LocalDataset dataset = dataset();
    StoredDataset first =
        LocalDirectoryStore.of(dir.resolve("store"), T1).put(dataset, "p", Placement.TIMESTAMPED);
    StoredDataset second =
        LocalDirectoryStore.of(dir.resolve("store"), T2).put(dataset, "p", Placement.TIMESTAMPED);

    assertThat(Path.of(first.trainingUri()))
        .isEqualTo(dir.resolve("store/p/2025-11-09T12-00-00/train.jsonl"));
    assertThat(Path.of(second.trainingUri()))
        .isEqualTo(dir.resolve("store/p/2025-11-10T08-30-15/train.jsonl"));
  }

  @Test
  void put_ofAMissingFile_isAStoreErrorNamingIt() throws IOException {
    LocalDataset dataset = dataset();
    Files.delete(dataset.validation());
    assertThatThrownBy(() -> LocalDirectoryStore.of(dir.resolve("store"), T1).put(dataset, "p"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("validation.jsonl");
    assertThat(dir.resolve("store")).doesNotExist();
  }
}
