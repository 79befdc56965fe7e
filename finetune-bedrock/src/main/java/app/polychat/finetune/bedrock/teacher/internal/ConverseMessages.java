package app.polychat.finetune.bedrock.teacher.internal;

import app.polychat.finetune.source.GenerationRequest;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/**
 * One planned request as a Converse request, and a Converse response as the teacher's answer: for
 * the runtime API (SDK objects) and for batch inference jobs of the {@code Converse} invocation
 * type (the same shapes as JSON, one record per line). One place, so the two teachers ask exactly
 * the same thing. Not public API.
 */
public final class ConverseMessages {
  private ConverseMessages() {}

  /**
   * Inference settings sent with every request.
   *
   * @param maxTokens the longest answer, or null for the model's default
   * @param temperature sampling temperature (0-1), or null for the model's default
   */
  public record Inference(Integer maxTokens, Float temperature) {}

  /**
   * The teacher's answer.
   *
   * @param text the answer's text blocks joined (empty when there were none)
   * @param inputTokens prompt tokens Bedrock counted, or null
   * @param outputTokens answer tokens Bedrock counted, or null
   * @param stopReason why the model stopped ({@code end_turn}, {@code max_tokens}, ...), or null
   * @param latencyMs the model's own latency, or null
   */
  public record Answer(
      String text, Integer inputTokens, Integer outputTokens, String stopReason, Long latencyMs) {

    /** Whether Bedrock reported both token counts. */
    public boolean tokensReported() {
      return inputTokens != null && outputTokens != null;
    }
  }

  /** The Converse request of a planned request. */
  public static ConverseRequest request(
      String modelId, GenerationRequest request, Inference inference) {
    ConverseRequest.Builder builder =
        ConverseRequest.builder()
            .modelId(modelId)
            .messages(
                Message.builder()
                    .role(ConversationRole.USER)
                    .content(ContentBlock.fromText(request.prompt()))
                    .build());
    if (!request.systemPrompt().isBlank()) {
      builder.system(SystemContentBlock.fromText(request.systemPrompt()));
    }
    if (inference.maxTokens() != null || inference.temperature() != null) {
      builder.inferenceConfig(
          c -> c.maxTokens(inference.maxTokens()).temperature(inference.temperature()));
    }
    return builder.build();
  }

  /** The answer in a runtime response. */
  public static Answer answer(ConverseResponse response) {
    StringBuilder text = new StringBuilder();
    if (response.output() != null && response.output().message() != null) {
      for (ContentBlock block : response.output().message().content()) {
        if (block.text() != null) {
          text.append(block.text());
        }
      }
    }
    Integer in = response.usage() == null ? null : response.usage().inputTokens();
    Integer out = response.usage() == null ? null : response.usage().outputTokens();
    Long latency = response.metrics() == null ? null : response.metrics().latencyMs();
    return new Answer(text.toString(), in, out, response.stopReasonAsString(), latency);
  }

  /**
   * Writes the request as the {@code modelInput} of a batch record: the body of a Converse request
   * without the model id (the job names the model).
   */
  public static void writeModelInput(
      JsonGenerator json, GenerationRequest request, Inference inference) throws IOException {
    json.writeStartObject();
    if (!request.systemPrompt().isBlank()) {
      json.writeArrayFieldStart("system");
      json.writeStartObject();
      json.writeStringField("text", request.systemPrompt());
      json.writeEndObject();
      json.writeEndArray();
    }
    json.writeArrayFieldStart("messages");
    json.writeStartObject();
    json.writeStringField("role", "user");
    json.writeArrayFieldStart("content");
    json.writeStartObject();
    json.writeStringField("text", request.prompt());
    json.writeEndObject();
    json.writeEndArray();
    json.writeEndObject();
    json.writeEndArray();
    if (inference.maxTokens() != null || inference.temperature() != null) {
      json.writeObjectFieldStart("inferenceConfig");
      if (inference.maxTokens() != null) {
        json.writeNumberField("maxTokens", inference.maxTokens());
      }
      if (inference.temperature() != null) {
        json.writeNumberField("temperature", inference.temperature());
      }
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  /**
   * The answer in a batch record's {@code modelOutput} (a Converse response body).
   *
   * @throws IllegalArgumentException when the node is not shaped like a Converse response
   */
  public static Answer answer(JsonNode modelOutput) {
    if (modelOutput == null || !modelOutput.isObject()) {
      throw new IllegalArgumentException("modelOutput is not a JSON object");
    }
    JsonNode content = modelOutput.path("output").path("message").path("content");
    if (!content.isArray()) {
      throw new IllegalArgumentException(
          "modelOutput has no output.message.content (is the job of the Converse type?)");
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode block : content) {
      JsonNode text = block.get("text");
      if (text != null && text.isTextual()) {
        parts.add(text.textValue());
      }
    }
    JsonNode usage = modelOutput.path("usage");
    JsonNode stop = modelOutput.get("stopReason");
    JsonNode latency = modelOutput.path("metrics").get("latencyMs");
    return new Answer(
        String.join("", parts),
        intOrNull(usage.get("inputTokens")),
        intOrNull(usage.get("outputTokens")),
        stop == null || !stop.isTextual() ? null : stop.textValue(),
        latency == null || !latency.canConvertToLong() ? null : latency.longValue());
  }

  private static Integer intOrNull(JsonNode node) {
    return node == null || !node.canConvertToInt() ? null : node.intValue();
  }
}
