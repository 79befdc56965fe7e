package app.polychat.finetune.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.example.Conversation;
import app.polychat.finetune.example.ExampleMetadata;
import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.support.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The RFT record shape from UG "Prepare data for Amazon Nova models" (rft-prepare-data): OpenAI
 * chat {@code messages} holding the prompt, {@code reference_answer}, and optional fields the
 * grader Lambda receives as {@code metadata}.
 */
class BedrockRftFormatterTest {
  private final BedrockRftFormatter formatter = new BedrockRftFormatter();

  private static final TrainingExample EXAMPLE =
      new TrainingExample(
          Conversation.of("You write Strudel.", "A techno beat", "s(\"bd*4\")"),
          ExampleMetadata.EMPTY.withRequestId("ab12-3").withStyle("techno", "simple"));

  @Test
  void encode_movesTheAnswerIntoReferenceAnswerAndKeepsLabelsForTheGrader() {
    String line = formatter.encode(EXAMPLE);

    assertThat(Json.parse(line))
        .isEqualTo(
            Json.parse(
                """
                {"id": "ab12-3",
                 "messages": [{"role": "system", "content": "You write Strudel."},
                              {"role": "user", "content": "A techno beat"}],
                 "reference_answer": "s(\\"bd*4\\")",
                 "style": "techno", "complexity": "simple"}
                """));
    assertThat(DatasetFormats.detect(line).formatId()).isEqualTo("bedrock-rft");
  }

  @Test
  void decode_roundTripsAndKeepsExtraFieldsAsMetadata() {
    String line =
        "{\"messages\":[{\"role\":\"user\",\"content\":\"Solve: 2x + 5 = 13\"}],"
            + "\"reference_answer\":{\"solution\":\"x = 4\"},\"task_id\":\"algebra_001\"}";

    TrainingExample example = formatter.decode(line);

    assertThat(example.conversation().lastAssistantText()).contains("{\"solution\":\"x = 4\"}");
    assertThat(example.metadata().extra()).isEqualTo(Map.of("task_id", "algebra_001"));
    assertThat(formatter.encode(formatter.decode(formatter.encode(EXAMPLE))))
        .isEqualTo(formatter.encode(EXAMPLE));
  }

  @Test
  void encode_refusesAnExampleWithoutAnAnswer() {
    TrainingExample prompt = TrainingExample.of(Conversation.prompt("sys", "A techno beat"));
    assertThatThrownBy(() -> formatter.encode(prompt))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("needs a reference answer");
  }

  @Test
  void decode_namesAMissingReferenceAnswer() {
    assertThatThrownBy(
            () -> formatter.decode("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
        .hasMessageContaining("missing \"reference_answer\"");
  }
}
