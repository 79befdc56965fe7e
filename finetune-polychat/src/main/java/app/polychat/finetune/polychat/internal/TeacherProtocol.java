package app.polychat.finetune.polychat.internal;

import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Polychat endpoint: where requests go, what their body is, how an answer is read. Not public
 * API.
 */
public interface TeacherProtocol {

  /** The path below the API URL, starting with {@code /}. */
  String path();

  /** A short name for metadata and logs, for example {@code app-generate}. */
  String name();

  /**
   * Why the API would refuse this request before it is sent (a value outside its schema), with the
   * fix; null when it is fine. The default finds nothing.
   */
  default String problem(GenerationRequest request) {
    return null;
  }

  /** The JSON body for one request. */
  String body(GenerationRequest request);

  /**
   * Reads a 2xx body.
   *
   * @throws AnswerFormatException when the body is not JSON, lacks the answer, or the answer is
   *     empty
   */
  TeacherAnswer parse(String body);

  /** Parses a body as a JSON object or explains why it is not one. */
  static JsonNode parseObject(String body) {
    if (body == null || body.isBlank()) {
      throw new AnswerFormatException("the body is empty, not JSON");
    }
    JsonNode root;
    try {
      root = Json.parse(body);
    } catch (IllegalArgumentException e) {
      throw new AnswerFormatException("the body is not JSON (" + e.getMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new AnswerFormatException("the body is JSON but not an object");
    }
    return root;
  }

  /**
   * Token counts from a {@code usage} object ({@code prompt_tokens}/{@code completion_tokens}, or
   * {@code input_tokens}/{@code output_tokens}) at the top level or inside {@code data}.
   *
   * @return {prompt, completion}, each null when not reported
   */
  static Integer[] usage(JsonNode root) {
    for (JsonNode usage : new JsonNode[] {root.path("usage"), root.path("data").path("usage")}) {
      Integer in = firstInt(usage, "prompt_tokens", "input_tokens");
      Integer out = firstInt(usage, "completion_tokens", "output_tokens");
      if (in != null && out != null) {
        return new Integer[] {in, out};
      }
    }
    return new Integer[] {null, null};
  }

  private static Integer firstInt(JsonNode node, String... names) {
    for (String name : names) {
      JsonNode value = node.path(name);
      if (value.canConvertToInt() && value.isIntegralNumber() && value.intValue() >= 0) {
        return value.intValue();
      }
    }
    return null;
  }
}
