package app.polychat.finetune.format;

import app.polychat.finetune.example.ExampleMetadata;
import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training example with its metadata as one JSON object: {@code {"record": <Bedrock
 * conversation>, "metadata": {...}}}. This is how the journal keeps examples; it is not a dataset
 * format (metadata never goes to Bedrock).
 */
public final class ExampleJson {
  private static final BedrockConversationFormatter RECORD = new BedrockConversationFormatter();

  private ExampleJson() {}

  /**
   * Writes an example and its metadata as the journal's JSON.
   *
   * @param example the example to write
   * @return one line of JSON
   */
  public static String write(TrainingExample example) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.set("record", Json.parse(RECORD.encode(example)));
    ObjectNode meta = root.putObject("metadata");
    ExampleMetadata m = example.metadata();
    putIfSet(meta, "requestId", m.requestId());
    putIfSet(meta, "style", m.style());
    putIfSet(meta, "complexity", m.complexity());
    putIfSet(meta, "teacherModel", m.teacherModel());
    if (m.inputTokens() != null) {
      meta.put("inputTokens", m.inputTokens());
    }
    if (m.outputTokens() != null) {
      meta.put("outputTokens", m.outputTokens());
    }
    if (m.latency() != null) {
      meta.put("latencyMillis", m.latency().toMillis());
    }
    if (m.createdAt() != null) {
      meta.put("createdAt", m.createdAt().toString());
    }
    if (!m.extra().isEmpty()) {
      ObjectNode extra = meta.putObject("extra");
      m.extra().forEach(extra::put);
    }
    return Json.write(root);
  }

  /**
   * Reads an example written by {@link #write}.
   *
   * @param json the JSON text
   * @return the example, with its metadata
   * @throws DatasetFormatException when the text is not JSON or not a record
   */
  public static TrainingExample read(String json) {
    JsonNode root;
    try {
      root = Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw new DatasetFormatException("stored example is not JSON: " + e.getMessage(), e);
    }
    TrainingExample example = RECORD.decode(Json.write(root.path("record")));
    JsonNode meta = root.path("metadata");
    Map<String, String> extra = new LinkedHashMap<>();
    meta.path("extra").properties().forEach(e -> extra.put(e.getKey(), e.getValue().asText()));
    return example.withMetadata(
        new ExampleMetadata(
            text(meta, "requestId"),
            text(meta, "style"),
            text(meta, "complexity"),
            text(meta, "teacherModel"),
            meta.has("inputTokens") ? meta.get("inputTokens").asInt() : null,
            meta.has("outputTokens") ? meta.get("outputTokens").asInt() : null,
            meta.has("latencyMillis")
                ? Duration.ofMillis(meta.get("latencyMillis").asLong())
                : null,
            meta.has("createdAt") ? Instant.parse(meta.get("createdAt").asText()) : null,
            extra));
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
