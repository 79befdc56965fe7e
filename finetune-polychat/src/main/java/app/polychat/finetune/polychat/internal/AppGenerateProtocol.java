package app.polychat.finetune.polychat.internal;

import app.polychat.finetune.internal.Json;
import app.polychat.finetune.source.GenerationRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /apps/{app}/generate}: the app holds its own system prompt; the body names the
 * prompt, style, complexity and teacher model, and turns the API's answer cache off so every
 * request yields a fresh answer. The answer is {@code {"data":{"code":...,"explanation":...}}}. Not
 * public API.
 */
public final class AppGenerateProtocol implements TeacherProtocol {
  private final String app;
  private final String model;

  public AppGenerateProtocol(String app, String model) {
    this.app = Objects.requireNonNull(app, "app");
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public String path() {
    return "/apps/" + app + "/generate";
  }

  @Override
  public String name() {
    return "app-generate";
  }

  @Override
  public String body(GenerationRequest request) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("prompt", request.prompt());
    if (request.style() != null) {
      body.put("style", request.style());
    }
    if (request.complexity() != null) {
      body.put("complexity", request.complexity());
    }
    body.put("model", model);
    body.putObject("options").put("cache_ttl_seconds", 0);
    return Json.write(body);
  }

  @Override
  public TeacherAnswer parse(String body) {
    JsonNode root = TeacherProtocol.parseObject(body);
    JsonNode data = root.path("data");
    if (!data.isObject()) {
      throw new AnswerFormatException("the answer has no \"data\" object");
    }
    JsonNode code = data.path("code");
    if (!code.isTextual()) {
      throw new AnswerFormatException(
          code.isMissingNode() || code.isNull()
              ? "the answer has no data.code field"
              : "data.code is not a string");
    }
    if (code.textValue().isBlank()) {
      throw new AnswerFormatException("data.code is empty");
    }
    Integer[] usage = TeacherProtocol.usage(root);
    return new TeacherAnswer(code.textValue(), usage[0], usage[1], Map.of());
  }
}
