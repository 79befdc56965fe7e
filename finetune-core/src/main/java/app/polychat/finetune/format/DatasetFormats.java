package app.polychat.finetune.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/** The dataset formats the toolkit reads and writes, by id, and recognizing a line's format. */
public final class DatasetFormats {
  private static final List<DatasetFormatter> ALL =
      List.of(
          new BedrockConversationFormatter(),
          new BedrockPromptOnlyFormatter(),
          new OpenAiChatFormatter(),
          new PromptCompletionFormatter(),
          new BedrockRftFormatter());

  private DatasetFormats() {}

  /** {@return every known format} */
  public static List<DatasetFormatter> all() {
    return ALL;
  }

  /**
   * The formatter of Bedrock's conversation schema ({@code bedrock-conversation-2024}).
   *
   * @return the conversation formatter
   */
  public static DatasetFormatter bedrockConversation() {
    return ALL.get(0);
  }

  /**
   * {@return the formatter with this id}
   *
   * @param formatId a format id such as {@code openai-chat}
   * @throws IllegalArgumentException listing the known ids
   */
  public static DatasetFormatter byId(String formatId) {
    return ALL.stream()
        .filter(f -> f.formatId().equals(formatId))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown dataset format '" + formatId + "': expected one of " + ids()));
  }

  /** {@return the known ids, comma-separated} */
  public static String ids() {
    return ALL.stream().map(DatasetFormatter::formatId).collect(Collectors.joining(", "));
  }

  /**
   * Recognizes the format of one JSONL line by its shape.
   *
   * @param line one JSONL line
   * @return the formatter whose shape the line has
   * @throws DatasetFormatException when the line is not JSON or matches no known format
   */
  public static DatasetFormatter detect(String line) {
    JsonNode root = BedrockConversationFormatter.parseObject(line);
    if (root.has("prompt") && root.has("completion")) {
      return byId(PromptCompletionFormatter.FORMAT_ID);
    }
    JsonNode messages = root.get("messages");
    if (messages != null && messages.isArray() && root.has(BedrockRftFormatter.REFERENCE_ANSWER)) {
      return byId(BedrockRftFormatter.FORMAT_ID);
    }
    if (messages == null || !messages.isArray()) {
      throw new DatasetFormatException(
          "unrecognized record: expected \"messages\" (Bedrock or OpenAI chat) or"
              + " \"prompt\"/\"completion\" fields");
    }
    boolean openAi = root.has("schemaVersion") ? false : looksLikeOpenAi(messages);
    if (openAi) {
      return byId(OpenAiChatFormatter.FORMAT_ID);
    }
    JsonNode last = messages.size() == 0 ? null : messages.get(messages.size() - 1);
    boolean endsWithUser = last != null && "user".equals(last.path("role").asText());
    return byId(
        endsWithUser
            ? BedrockPromptOnlyFormatter.FORMAT_ID
            : BedrockConversationFormatter.FORMAT_ID);
  }

  private static boolean looksLikeOpenAi(JsonNode messages) {
    for (JsonNode message : messages) {
      JsonNode content = message.get("content");
      if ("system".equals(message.path("role").asText())
          || (content != null && content.isTextual())) {
        return true;
      }
    }
    return false;
  }
}
