package app.polychat.finetune.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.example.TrainingExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlFilesTest {
  @TempDir Path dir;

  @Test
  void writer_isInvisibleUntilCommitThenReplacesAtomically() throws IOException {
    Path target = dir.resolve("out/train.jsonl");
    try (JsonlWriter writer = JsonlWriter.create(target)) {
      writer.write("{\"a\":1}");
      assertThat(target).doesNotExist();
      writer.commit();
    }
    assertThat(Files.readString(target)).isEqualTo("{\"a\":1}\n");
    try (JsonlWriter writer = JsonlWriter.create(target)) {
      writer.write("{\"a\":2}");
      // no commit: an exception or a crash here must leave the previous complete file
    }
    assertThat(Files.readString(target)).isEqualTo("{\"a\":1}\n");
    try (var files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void writer_removesTempFilesAKilledProcessLeftBehind() throws IOException {
    Path target = dir.resolve("train.jsonl");
    Path abandoned = Files.writeString(dir.resolve(".train.jsonl.123.tmp"), "{\"half\":");
    Files.setLastModifiedTime(
        abandoned,
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
    try (JsonlWriter writer = JsonlWriter.create(target)) {
      writer.write("{}");
      writer.commit();
    }
    assertThat(abandoned).doesNotExist();
    assertThat(target).hasContent("{}");
  }

  @Test
  void writer_refusesMultiLineRecords() {
    try (JsonlWriter writer = JsonlWriter.create(dir.resolve("x.jsonl"))) {
      assertThatThrownBy(() -> writer.write("{\n}")).hasMessageContaining("one line");
    }
  }

  @Test
  void reader_namesFileAndLineOfABadRecord() throws IOException {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(
        file, DatasetFormattersTest.ORIGINAL_LINE + "\n\n" + "{\"schemaVersion\":\"x\"}\n");
    List<TrainingExample> read = new ArrayList<>();
    assertThatThrownBy(
            () -> JsonlReader.forEachExample(file, DatasetFormats.bedrockConversation(), read::add))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(file + ":3: missing \"messages\" array")
        .satisfies(e -> assertThat(((DatasetFormatException) e).line()).isEqualTo(3));
    assertThat(read).hasSize(1);
  }

  @Test
  void reader_reportsInvalidUtf8WithItsLine() throws IOException {
    Path file = dir.resolve("latin1.jsonl");
    byte[] good =
        (DatasetFormattersTest.ORIGINAL_LINE + "\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xE9, '"', '}', '\n'};
    byte[] all = new byte[good.length + bad.length];
    System.arraycopy(good, 0, all, 0, good.length);
    System.arraycopy(bad, 0, all, good.length, bad.length);
    Files.write(file, all);
    assertThatThrownBy(() -> JsonlReader.forEachLine(file, line -> {}))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(":2: not valid UTF-8");
  }

  @Test
  void reader_skipsAByteOrderMarkAndDetectsTheFormat() throws IOException {
    Path file = dir.resolve("bom.jsonl");
    Files.writeString(file, "\uFEFF{\"prompt\":\"a\",\"completion\":\"b\"}\n");
    assertThat(JsonlReader.detectFormat(file).formatId()).isEqualTo("prompt-completion");
  }

  @Test
  void reader_saysWhenTheFileIsMissing() {
    assertThatThrownBy(() -> JsonlReader.forEachLine(dir.resolve("nope.jsonl"), line -> {}))
        .hasMessageContaining("nope.jsonl")
        .hasMessageContaining("file not found");
  }
}
