package app.polychat.finetune.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.format.DatasetFormatException;
import app.polychat.finetune.format.DatasetFormats;
import app.polychat.finetune.support.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetConverterTest {
  @TempDir Path dir;

  private static final String BEDROCK_LINE =
      "{\"schemaVersion\":\"bedrock-conversation-2024\",\"system\":[{\"text\":\"You write"
          + " Strudel.\\nSTYLE: techno\\nCOMPLEXITY: simple\"}],\"messages\":[{\"role\":\"user\","
          + "\"content\":[{\"text\":\"A techno beat\"}]},{\"role\":\"assistant\",\"content\":"
          + "[{\"text\":\"s(\\\"bd*4\\\")\"}]}]}";

  @Test
  void convert_generatedTrainAndValidationBecomeOneRftFileWithLabels() throws Exception {
    Path train = Files.writeString(dir.resolve("train.jsonl"), BEDROCK_LINE + "\n");
    Path validation =
        Files.writeString(
            dir.resolve("validation.jsonl"),
            "{\"prompt\":\"A house loop\",\"completion\":\"s(\\\"hh*8\\\")\",\"style\":\"house\"}\n");
    Path out = dir.resolve("train-rft.jsonl");

    var result =
        DatasetConverter.convert(
            List.of(train, validation), out, DatasetFormats.byId("bedrock-rft"));

    assertThat(result.records()).isEqualTo(2);
    assertThat(result.inputFormats().get(train)).isEqualTo("bedrock-conversation-2024");
    assertThat(result.inputFormats().get(validation)).isEqualTo("prompt-completion");
    List<String> lines = Files.readAllLines(out);
    var first = Json.parse(lines.get(0));
    assertThat(first.get("reference_answer").asText()).isEqualTo("s(\"bd*4\")");
    assertThat(first.get("style").asText()).isEqualTo("techno");
    assertThat(first.get("complexity").asText()).isEqualTo("simple");
    assertThat(first.at("/messages/1/role").asText()).isEqualTo("user");
    assertThat(Json.parse(lines.get(1)).get("style").asText()).isEqualTo("house");
  }

  @Test
  void convert_aPromptWithoutAnswerNamesFileAndLineAndWritesNothing() throws Exception {
    Path prompts =
        Files.writeString(
            dir.resolve("prompts.jsonl"),
            BEDROCK_LINE
                + "\n{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":[{\"text\":\"only a prompt\"}]}]}\n");
    Path out = dir.resolve("rft.jsonl");

    assertThatThrownBy(
            () ->
                DatasetConverter.convert(List.of(prompts), out, DatasetFormats.byId("bedrock-rft")))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("prompts.jsonl")
        .hasMessageContaining("2")
        .hasMessageContaining("needs a reference answer");
    assertThat(out).doesNotExist();
  }
}
