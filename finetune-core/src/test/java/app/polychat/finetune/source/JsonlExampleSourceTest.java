package app.polychat.finetune.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.format.DatasetFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlExampleSourceTest {
  @TempDir Path dir;

  static GenerationRequest request(int index, String style, String complexity, String prompt) {
    return new GenerationRequest("id" + index, index, style, complexity, "SYSTEM", prompt);
  }

  @Test
  void answersByPromptThenByCombinationThenAnyAndKeepsTheirOwnText() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("in.jsonl"),
            "\uFEFF{\"style\":\"a\",\"complexity\":\"x\",\"prompt\":\"p1\",\"completion\":\"c1\"}\n"
                + "\n"
                + "{\"style\":\"b\",\"complexity\":\"y\",\"prompt\":\"p2\",\"completion\":\"c2 ü\"}\r\n"
                + "{\"prompt\":\"p3\",\"completion\":\"c3\"}\n");
    try (JsonlExampleSource source = JsonlExampleSource.open(file)) {
      assertThat(source.size()).isEqualTo(3);
      GeneratedExample byPrompt = source.generate(request(0, "zz", "zz", "p3"));
      assertThat(byPrompt.example().conversation().lastAssistantText()).hasValue("c3");
      assertThat(byPrompt.example().conversation().systemText()).isEqualTo("SYSTEM");
      GeneratedExample byCombo = source.generate(request(1, "b", "y", "other"));
      assertThat(byCombo.example().conversation().lastAssistantText()).hasValue("c2 ü");
      assertThat(byCombo.example().metadata().style()).isEqualTo("b");
      GeneratedExample any = source.generate(request(2, "q", "q", "other"));
      assertThat(any.example().conversation().firstUserText()).hasValue("p1");
      assertThatThrownBy(() -> source.generate(request(3, "a", "x", "p1")))
          .isInstanceOf(SourceException.class)
          .hasMessageContaining("no unused example left in in.jsonl (it holds 3)");
    }
  }

  @Test
  void readsStyleFromTheSystemPromptOfBedrockRecords() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("b.jsonl"),
            "{\"schemaVersion\":\"bedrock-conversation-2024\",\"system\":[{\"text\":\"base\\n\\nSTYLE: jazz\\nguide\\n\\nCOMPLEXITY: complex\\ng\"}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"q\"}]},{\"role\":\"assistant\",\"content\":[{\"text\":\"a\"}]}]}\n");
    try (JsonlExampleSource source = JsonlExampleSource.open(file)) {
      GeneratedExample example = source.generate(request(0, "techno", "simple", "nope"));
      assertThat(example.example().metadata().style()).isEqualTo("jazz");
      assertThat(example.example().metadata().complexity()).isEqualTo("complex");
      assertThat(example.example().conversation().systemText()).startsWith("base");
    }
  }

  @Test
  void badLine_isReportedWithFileAndLine() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("bad.jsonl"),
            "{\"prompt\":\"p\",\"completion\":\"c\"}\n{\"prompt\":\"p\"}\n");
    assertThatThrownBy(() -> JsonlExampleSource.open(file))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessage(file + ":2: missing \"completion\" string");
  }
}
