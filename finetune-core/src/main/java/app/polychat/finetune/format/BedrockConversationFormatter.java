package app.polychat.finetune.format;

import app.polychat.finetune.example.ContentBlock;
import app.polychat.finetune.example.Conversation;
import app.polychat.finetune.example.Message;
import app.polychat.finetune.example.Role;
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
 * Bedrock's conversation format, {@code bedrock-conversation-2024}: {@code {"schemaVersion":
 * "bedrock-conversation-2024", "system": [{"text"}], "messages": [{"role", "content":
 * [{"text"}]}]}}, fields in that order, compact, as the original toolkit writes it. {@code system}
 * is left out when there is no system prompt.
 */
public class BedrockConversationFormatter implements DatasetFormatter {
  /** The format id, {@value}. */
  public static final String FORMAT_ID = "bedrock-conversation-2024";

  /** The schema version Bedrock's conversation records carry, {@value}. */
  public static final String SCHEMA_VERSION = "bedrock-conversation-2024";

  @Override
  public String formatId() {
    return FORMAT_ID;
  }

  @Override
  public String encode(TrainingExample example) {
    return write(messagesToWrite(example.conversation()), example.conversation());
  }

  /** The messages this format writes; the prompt-only format drops the final answer. */
  List<Message> messagesToWrite(Conversation conversation) {
    return conversation.messages();
  }

  private String write(List<Message> messages, Conversation conversation) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator gen = Json.mapper().getFactory().createGenerator(out)) {
      gen.writeStartObject();
      gen.writeStringField("schemaVersion", SCHEMA_VERSION);
      if (!conversation.system().isEmpty()) {
        gen.writeArrayFieldStart("system");
        for (TextBlock block : conversation.system()) {
          gen.writeStartObject();
          gen.writeStringField("text", block.text());
          gen.writeEndObject();
        }
        gen.writeEndArray();
      }
      gen.writeArrayFieldStart("messages");
      for (Message message : messages) {
        gen.writeStartObject();
        gen.writeStringField("role", message.role().wireName());
        gen.writeArrayFieldStart("content");
        for (ContentBlock block : message.content()) {
          TextBlock text = (TextBlock) block;
          gen.writeStartObject();
          gen.writeStringField("text", text.text());
          gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeEndObject();
      }
      gen.writeEndArray();
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  @Override
  public TrainingExample decode(String line) {
    JsonNode root = parseObject(line);
    List<TextBlock> system = new ArrayList<>();
    JsonNode systemNode = root.get("system");
    if (systemNode != null && !systemNode.isNull()) {
      if (!systemNode.isArray()) {
        throw new DatasetFormatException("\"system\" must be an array of {\"text\": ...} blocks");
      }
      for (int i = 0; i < systemNode.size(); i++) {
        system.add(new TextBlock(requireText(systemNode.get(i), "system[" + i + "]")));
      }
    }
    JsonNode messagesNode = root.get("messages");
    if (messagesNode == null || !messagesNode.isArray()) {
      throw new DatasetFormatException("missing \"messages\" array");
    }
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < messagesNode.size(); i++) {
      messages.add(decodeMessage(messagesNode.get(i), "messages[" + i + "]"));
    }
    return TrainingExample.of(new Conversation(system, messages));
  }

  static JsonNode parseObject(String line) {
    JsonNode root;
    try {
      root = Json.parse(line);
    } catch (IllegalArgumentException e) {
      throw new DatasetFormatException(e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new DatasetFormatException("expected a JSON object on the line");
    }
    return root;
  }

  private static Message decodeMessage(JsonNode node, String path) {
    if (!node.isObject()) {
      throw new DatasetFormatException(path + " must be an object with \"role\" and \"content\"");
    }
    JsonNode roleNode = node.get("role");
    if (roleNode == null || !roleNode.isTextual()) {
      throw new DatasetFormatException(path + ".role is missing");
    }
    Role role;
    try {
      role = Role.fromWireName(roleNode.asText());
    } catch (IllegalArgumentException e) {
      throw new DatasetFormatException(path + ".role: " + e.getMessage());
    }
    JsonNode content = node.get("content");
    if (content == null || !content.isArray()) {
      throw new DatasetFormatException(
          path + ".content must be an array of {\"text\": ...} blocks");
    }
    List<ContentBlock> blocks = new ArrayList<>();
    for (int i = 0; i < content.size(); i++) {
      blocks.add(new TextBlock(requireText(content.get(i), path + ".content[" + i + "]")));
    }
    return new Message(role, blocks);
  }

  private static String requireText(JsonNode block, String path) {
    JsonNode text = block == null ? null : block.get("text");
    if (text == null || !text.isTextual()) {
      throw new DatasetFormatException(path + " must be {\"text\": \"...\"}");
    }
    return text.asText();
  }
}
