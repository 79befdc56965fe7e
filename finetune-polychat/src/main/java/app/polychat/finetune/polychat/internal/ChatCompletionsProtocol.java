package app.polychat.finetune.polychat.internal;

import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /chat/completions}, OpenAI style: the planned system prompt (when not empty) and user
 * prompt as messages; the answer is {@code choices[0].message.content}, a string or a list of text
 * parts, and {@code usage} carries the token counts. Not public API.
 */
public final class ChatCompletionsProtocol implements TeacherProtocol {
  private final String model;

  public ChatCompletionsProtocol(String model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public String path() {
    return "/chat/completions";
  }

  @Override
  public String name() {
    return "chat-completions";
  }

  @Override
  public String body(GenerationRequest request) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    if (!request.systemPrompt().isEmpty()) {
      messages.addObject().put("role", "system").put("content", request.systemPrompt());
    }
    messages.addObject().put("role", "user").put("content", request.prompt());
    return Json.write(body);
  }

  @Override
  public TeacherAnswer parse(String body) {
    JsonNode root = TeacherProtocol.parseObject(body);
    JsonNode choices = root.path("choices");
    if (!choices.isArray() || choices.isEmpty()) {
      throw new AnswerFormatException("the answer has no choices");
    }
    JsonNode choice = choices.get(0);
    JsonNode message = choice.path("message");
    if (!message.isObject()) {
      throw new AnswerFormatException("the answer has no choices[0].message object");
    }
    String text = contentText(message.path("content"));
    if (text.isBlank()) {
      throw new AnswerFormatException("choices[0].message.content is empty");
    }
    Map<String, String> extra = new LinkedHashMap<>();
    if (choice.path("finish_reason").isTextual()) {
      extra.put("finishReason", choice.path("finish_reason").textValue());
    }
    Integer[] usage = TeacherProtocol.usage(root);
    return new TeacherAnswer(text, usage[0], usage[1], extra);
  }

  private static String contentText(JsonNode content) {
    if (content.isTextual()) {
      return content.textValue();
    }
    if (content.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        if (part.path("text").isTextual()) {
          text.append(part.path("text").textValue());
        }
      }
      return text.toString();
    }
    if (content.isMissingNode() || content.isNull()) {
      throw new AnswerFormatException("the answer has no choices[0].message.content");
    }
    throw new AnswerFormatException("choices[0].message.content is neither text nor text parts");
  }
}
