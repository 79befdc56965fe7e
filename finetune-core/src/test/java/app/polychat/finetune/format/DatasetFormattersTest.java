package app.polychat.finetune.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.example.Conversation;
import app.polychat.finetune.example.TrainingExample;
import org.junit.jupiter.api.Test;

class DatasetFormattersTest {
  /** The original toolkit's example record, as its JSON.stringify wrote it. */
  static final String ORIGINAL_LINE =
      "{\"schemaVersion\":\"bedrock-conversation-2024\",\"system\":[{\"text\":\"You are an expert"
          + " Strudel live-coding assistant...\"}],\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":"
          + "\"Create a techno beat with 4-on-the-floor kick\"}]},{\"role\":\"assistant\",\"content\":"
          + "[{\"text\":\"stack(s(\\\"bd*4,hh*8\\\").bank(\\\"RolandTR909\\\")...)\"}]}]}";

  static final TrainingExample ORIGINAL =
      TrainingExample.of(
          Conversation.of(
              "You are an expert Strudel live-coding assistant...",
              "Create a techno beat with 4-on-the-floor kick",
              "stack(s(\"bd*4,hh*8\").bank(\"RolandTR909\")...)"));

  @Test
  void bedrockConversation_encodesTheOriginalRecordByteForByte() {
    assertThat(new BedrockConversationFormatter().encode(ORIGINAL)).isEqualTo(ORIGINAL_LINE);
  }

  @Test
  void bedrockConversation_roundTrips() {
    var formatter = new BedrockConversationFormatter();
    assertThat(formatter.decode(ORIGINAL_LINE)).isEqualTo(ORIGINAL);
    assertThat(formatter.encode(formatter.decode(ORIGINAL_LINE))).isEqualTo(ORIGINAL_LINE);
  }

  @Test
  void bedrockConversation_leavesOutAnEmptySystemPromptAndKeepsUnicodeAndNewlines() {
    var formatter = new BedrockConversationFormatter();
    TrainingExample example = TrainingExample.of(Conversation.of("", "ü → 🎵", "a\n\tb \"q\""));
    String line = formatter.encode(example);
    assertThat(line)
        .isEqualTo(
            "{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"text\":\"ü → 🎵\"}]},{\"role\":\"assistant\",\"content\":[{\"text\":"
                + "\"a\\n\\tb \\\"q\\\"\"}]}]}");
    assertThat(formatter.decode(line)).isEqualTo(example);
  }

  @Test
  void promptOnly_dropsTheAnswerAndRoundTripsThePrompt() {
    var formatter = new BedrockPromptOnlyFormatter();
    String line = formatter.encode(ORIGINAL);
    assertThat(line)
        .isEqualTo(
            "{\"schemaVersion\":\"bedrock-conversation-2024\",\"system\":[{\"text\":\"You are an"
                + " expert Strudel live-coding assistant...\"}],\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"text\":\"Create a techno beat with 4-on-the-floor kick\"}]}]}");
    assertThat(formatter.decode(line).conversation())
        .isEqualTo(ORIGINAL.conversation().withoutFinalAnswer());
  }

  @Test
  void openAiChat_roundTripsWithSystemAsAMessage() {
    var formatter = new OpenAiChatFormatter();
    String line = formatter.encode(ORIGINAL);
    assertThat(line)
        .isEqualTo(
            "{\"messages\":[{\"role\":\"system\",\"content\":\"You are an expert Strudel live-coding"
                + " assistant...\"},{\"role\":\"user\",\"content\":\"Create a techno beat with"
                + " 4-on-the-floor kick\"},{\"role\":\"assistant\",\"content\":\"stack(s(\\\"bd*4,hh*8\\\")"
                + ".bank(\\\"RolandTR909\\\")...)\"}]}");
    assertThat(formatter.decode(line)).isEqualTo(ORIGINAL);
  }

  @Test
  void openAiChat_readsContentParts() {
    TrainingExample example =
        new OpenAiChatFormatter()
            .decode(
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]},"
                    + "{\"role\":\"assistant\",\"content\":\"s(\\\"bd\\\")\"}]}");
    assertThat(example.conversation()).isEqualTo(Conversation.of("", "hi", "s(\"bd\")"));
  }

  @Test
  void promptCompletion_roundTrips() {
    var formatter = new PromptCompletionFormatter();
    assertThat(formatter.decode(formatter.encode(ORIGINAL))).isEqualTo(ORIGINAL);
  }

  @Test
  void detect_recognizesEveryFormat() {
    assertThat(DatasetFormats.detect(ORIGINAL_LINE).formatId())
        .isEqualTo("bedrock-conversation-2024");
    assertThat(DatasetFormats.detect(new BedrockPromptOnlyFormatter().encode(ORIGINAL)).formatId())
        .isEqualTo("bedrock-prompt-only");
    assertThat(DatasetFormats.detect(new OpenAiChatFormatter().encode(ORIGINAL)).formatId())
        .isEqualTo("openai-chat");
    assertThat(DatasetFormats.detect("{\"prompt\":\"a\",\"completion\":\"b\"}").formatId())
        .isEqualTo("prompt-completion");
    assertThatThrownBy(() -> DatasetFormats.detect("{\"text\":\"a\"}"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("unrecognized record");
  }

  @Test
  void decode_namesWhatIsWrong() {
    var formatter = new BedrockConversationFormatter();
    assertThatThrownBy(() -> formatter.decode("{\"messages\":[{\"role\":\"bot\",\"content\":[]}]}"))
        .hasMessageContaining("messages[0].role")
        .hasMessageContaining("expected \"user\" or \"assistant\"");
    assertThatThrownBy(
            () -> formatter.decode("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
        .hasMessageContaining("messages[0].content must be an array");
    assertThatThrownBy(() -> formatter.decode("not json")).hasMessageContaining("invalid JSON");
    assertThatThrownBy(() -> DatasetFormats.byId("csv"))
        .hasMessageContaining("expected one of bedrock-conversation-2024");
  }

  @Test
  void exampleJson_keepsMetadataOutOfTheRecordButRoundTripsIt() {
    TrainingExample example =
        ORIGINAL.withMetadata(
            ORIGINAL.metadata().withRequestId("req-1").withStyle("techno", "simple"));
    String json = ExampleJson.write(example);
    assertThat(ExampleJson.read(json)).isEqualTo(example);
    assertThat(new BedrockConversationFormatter().encode(example)).isEqualTo(ORIGINAL_LINE);
  }
}
