package app.polychat.finetune.format;

import app.polychat.finetune.example.Conversation;
import app.polychat.finetune.example.TrainingExample;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The simplest import format, {@code prompt-completion}: {@code {"prompt": "...", "completion":
 * "..."}} with an optional {@code "system"} string. Handy for examples exported from production
 * logs or written by hand.
 */
public final class PromptCompletionFormatter implements DatasetFormatter {
  /** The format id, {@value}. */
  public static final String FORMAT_ID = "prompt-completion";

  @Override
  public String formatId() {
    return FORMAT_ID;
  }

  @Override
  public String encode(TrainingExample example) {
    Conversation c = example.conversation();
    var node = app.polychat.finetune.support.Json.mapper().createObjectNode();
    if (!c.system().isEmpty()) {
      node.put("system", c.systemText());
    }
    node.put("prompt", c.firstUserText().orElse(""));
    node.put("completion", c.lastAssistantText().orElse(""));
    return node.toString();
  }

  @Override
  public TrainingExample decode(String line) {
    JsonNode root = BedrockConversationFormatter.parseObject(line);
    JsonNode prompt = root.get("prompt");
    JsonNode completion = root.get("completion");
    if (prompt == null || !prompt.isTextual()) {
      throw new DatasetFormatException("missing \"prompt\" string");
    }
    if (completion == null || !completion.isTextual()) {
      throw new DatasetFormatException("missing \"completion\" string");
    }
    String system = root.path("system").asText("");
    return TrainingExample.of(Conversation.of(system, prompt.asText(), completion.asText()));
  }
}
