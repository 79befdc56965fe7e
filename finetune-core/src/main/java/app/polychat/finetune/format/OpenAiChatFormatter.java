package app.polychat.finetune.format;

import app.polychat.finetune.example.Conversation;
import app.polychat.finetune.example.Message;
import app.polychat.finetune.example.TextBlock;
import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The chat fine-tuning format of OpenAI and the providers that copy it, {@code openai-chat}: {@code
 * {"messages": [{"role": "system"|"user"|"assistant", "content": "..."}]}}. Reading also accepts
 * content given as an array of {@code {"type": "text", "text": ...}} parts.
 */
public final class OpenAiChatFormatter implements DatasetFormatter {
  /** The format id, {@value}. */
  public static final String FORMAT_ID = "openai-chat";

  @Override
  public String formatId() {
    return FORMAT_ID;
  }

  @Override
  public String encode(TrainingExample example) {
    Conversation conversation = example.conversation();
    StringWriter out = new StringWriter(256);
    try (JsonGenerator gen = Json.mapper().getFactory().createGenerator(out)) {
      gen.writeStartObject();
      gen.writeArrayFieldStart("messages");
      if (!conversation.system().isEmpty()) {
        writeMessage(gen, "system", conversation.systemText());
      }
      for (Message message : conversation.messages()) {
        writeMessage(gen, message.role().wireName(), message.text());
      }
      gen.writeEndArray();
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writeMessage(JsonGenerator gen, String role, String content)
      throws IOException {
    gen.writeStartObject();
    gen.writeStringField("role", role);
    gen.writeStringField("content", content);
    gen.writeEndObject();
  }

  @Override
  public TrainingExample decode(String line) {
    JsonNode root = BedrockConversationFormatter.parseObject(line);
    JsonNode messagesNode = root.get("messages");
    if (messagesNode == null || !messagesNode.isArray()) {
      throw new DatasetFormatException("missing \"messages\" array");
    }
    List<TextBlock> system = new ArrayList<>();
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < messagesNode.size(); i++) {
      JsonNode node = messagesNode.get(i);
      String path = "messages[" + i + "]";
      String role = node.path("role").asText("");
      String content = content(node.get("content"), path);
      switch (role) {
        case "system" -> system.add(new TextBlock(content));
        case "user" -> messages.add(Message.user(content));
        case "assistant" -> messages.add(Message.assistant(content));
        default ->
            throw new DatasetFormatException(
                path + ".role '" + role + "': expected \"system\", \"user\" or \"assistant\"");
      }
    }
    return TrainingExample.of(new Conversation(system, messages));
  }

  private static String content(JsonNode content, String path) {
    if (content != null && content.isTextual()) {
      return content.asText();
    }
    if (content != null && content.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        if (part.has("text")) {
          text.append(text.length() == 0 ? "" : "\n").append(part.get("text").asText());
        }
      }
      return text.toString();
    }
    throw new DatasetFormatException(path + ".content must be a string");
  }
}
