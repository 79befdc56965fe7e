package app.polychat.finetune.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.format.DatasetFormats;
import app.polychat.finetune.format.JsonlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetImporterTest {
  @TempDir Path dir;

  @Test
  void import_convertsFiltersDeduplicatesAndSplits() throws IOException {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      lines
          .append("{\"messages\":[{\"role\":\"system\",\"content\":\"sys\\nSTYLE: s")
          .append(i % 2)
          .append("\"},{\"role\":\"user\",\"content\":\"q")
          .append(i)
          .append("\"},{\"role\":\"assistant\",\"content\":\"a")
          .append(i)
          .append("\"}]}\n");
    }
    lines.append(
        "{\"messages\":[{\"role\":\"user\",\"content\":\"q0\"},{\"role\":\"assistant\",\"content\":\"Bot: hi\"}]}\n");
    lines.append(lines.substring(0, lines.indexOf("\n") + 1));
    Path input = Files.writeString(dir.resolve("export.jsonl"), lines);

    var result = DatasetImporter.builder().build().importFile(input, dir.resolve("out"));

    assertThat(result.inputFormatId()).isEqualTo("openai-chat");
    assertThat(result.read()).isEqualTo(22);
    assertThat(result.dropsByReason())
        .containsEntry("duplicate record", 1)
        .containsEntry("reserved keyword 'Bot:' in assistant turn", 1);
    assertThat(result.dataset().trainCount()).isEqualTo(16);
    assertThat(result.dataset().validationCount()).isEqualTo(4);
    List<String> systems = new ArrayList<>();
    JsonlReader.forEachExample(
        result.dataset().validation(),
        DatasetFormats.bedrockConversation(),
        e -> systems.add(e.conversation().systemText()));
    assertThat(systems).anyMatch(s -> s.endsWith("s0")).anyMatch(s -> s.endsWith("s1"));
  }

  @Test
  void import_namesTheBadLine() throws IOException {
    Path input =
        Files.writeString(
            dir.resolve("bad.jsonl"),
            "{\"prompt\":\"a\",\"completion\":\"b\"}\n{\"prompt\":\"a\",\"completion\":3}\n");
    assertThatThrownBy(() -> DatasetImporter.builder().build().importFile(input, dir))
        .hasMessage(input + ":2: missing \"completion\" string");
    assertThat(dir.resolve("train.jsonl")).doesNotExist();
  }
}
