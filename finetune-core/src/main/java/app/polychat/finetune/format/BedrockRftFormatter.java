package app.polychat.finetune.format;

import app.polychat.finetune.example.Conversation;
import app.polychat.finetune.example.ExampleMetadata;
import app.polychat.finetune.example.Message;
import app.polychat.finetune.example.Role;
import app.polychat.finetune.example.TextBlock;
import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bedrock's reinforcement fine-tuning format, {@code bedrock-rft}: OpenAI chat messages (the
 * prompt) plus {@code reference_answer}, the answer the grader compares the model's answers with
 * (UG "Prepare data for Amazon Nova models", rft-prepare-data). Any other top-level field reaches
 * the grader Lambda as {@code metadata}; this formatter writes the example's request {@code id},
 * {@code style} and {@code complexity} there.
 *
 * <pre>{@code
 * {"id":"3f2a…-4","messages":[{"role":"system","content":"…"},{"role":"user","content":"…"}],
 *  "reference_answer":"setcpm(120/4)\n…","style":"techno","complexity":"simple"}
 * }</pre>
 *
 * <p>A training example becomes an RFT record by moving its final assistant answer into {@code
 * reference_answer}; reading does the reverse, so the reference answer is the example's answer.
 */
public final class BedrockRftFormatter implements DatasetFormatter {
  /** The format id, {@value}. */
  public static final String FORMAT_ID = "bedrock-rft";

  /** The field holding the reference answer. */
  public static final String REFERENCE_ANSWER = "reference_answer";

  private static final Set<String> OWN_FIELDS =
      Set.of("id", "messages", REFERENCE_ANSWER, "style", "complexity");

  @Override
  public String formatId() {
    return FORMAT_ID;
  }

  /**
   * @throws DatasetFormatException when the example has no final assistant answer to become the
   *     reference answer
   */
  @Override
  public String encode(TrainingExample example) {
    Conversation conversation = example.conversation();
    List<Message> messages = conversation.messages();
    if (messages.isEmpty() || messages.get(messages.size() - 1).role() != Role.ASSISTANT) {
      throw new DatasetFormatException(
          "an RFT record needs a reference answer, but this example does not end with an"
              + " assistant answer: generate or import examples with answers");
    }
    ObjectNode root = Json.mapper().createObjectNode();
    ExampleMetadata meta = example.metadata();
    if (meta.requestId() != null) {
      root.put("id", meta.requestId());
    }
    ArrayNode out = root.putArray("messages");
    if (!conversation.system().isEmpty()) {
      out.addObject().put("role", "system").put("content", conversation.systemText());
    }
    for (Message message : messages.subList(0, messages.size() - 1)) {
      out.addObject().put("role", message.role().wireName()).put("content", message.text());
    }
    root.put(REFERENCE_ANSWER, messages.get(messages.size() - 1).text());
    if (meta.style() != null) {
      root.put("style", meta.style());
    }
    if (meta.complexity() != null) {
      root.put("complexity", meta.complexity());
    }
    return Json.write(root);
  }

  /**
   * @throws DatasetFormatException naming the field when {@code messages} or {@code
   *     reference_answer} is missing or malformed
   */
  @Override
  public TrainingExample decode(String line) {
    JsonNode root = BedrockConversationFormatter.parseObject(line);
    JsonNode messagesNode = root.get("messages");
    if (messagesNode == null || !messagesNode.isArray()) {
      throw new DatasetFormatException("missing \"messages\" array");
    }
    JsonNode reference = root.get(REFERENCE_ANSWER);
    if (reference == null || reference.isNull()) {
      throw new DatasetFormatException(
          "missing \"" + REFERENCE_ANSWER + "\": add the answer the grader compares with");
    }
    List<TextBlock> system = new ArrayList<>();
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < messagesNode.size(); i++) {
      JsonNode node = messagesNode.get(i);
      String role = node.path("role").asText("");
      JsonNode content = node.get("content");
      if (content == null || !content.isTextual()) {
        throw new DatasetFormatException("messages[" + i + "].content must be a string");
      }
      switch (role) {
        case "system" -> system.add(new TextBlock(content.asText()));
        case "user" -> messages.add(Message.user(content.asText()));
        case "assistant" -> messages.add(Message.assistant(content.asText()));
        default ->
            throw new DatasetFormatException(
                "messages["
                    + i
                    + "].role '"
                    + role
                    + "': expected \"system\", \"user\" or \"assistant\"");
      }
    }
    String answer = reference.isTextual() ? reference.asText() : Json.write(reference);
    messages.add(Message.assistant(answer));
    Map<String, String> extra = new LinkedHashMap<>();
    root.properties()
        .forEach(
            e -> {
              if (!OWN_FIELDS.contains(e.getKey())) {
                JsonNode v = e.getValue();
                extra.put(e.getKey(), v.isTextual() ? v.asText() : Json.write(v));
              }
            });
    ExampleMetadata metadata =
        new ExampleMetadata(
            text(root, "id"),
            text(root, "style"),
            text(root, "complexity"),
            null,
            null,
            null,
            null,
            null,
            extra);
    return new TrainingExample(new Conversation(system, messages), metadata);
  }

  private static String text(JsonNode root, String field) {
    JsonNode value = root.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
