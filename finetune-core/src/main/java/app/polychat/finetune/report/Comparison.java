package app.polychat.finetune.report;

import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model comparison's results, as the JSON a comparison wrote ({@code finetune compare --json}):
 * read without depending on the code that made it, so any object with a {@code models} array of
 * per-model objects works, and unknown fields are shown as they are.
 */
final class Comparison {
  private final ObjectNode root;
  private final String source;

  private Comparison(ObjectNode root, String source) {
    this.root = root;
    this.source = source;
  }

  /**
   * Parses comparison results.
   *
   * @param source where they came from, for messages
   * @throws ReportException when the text is not a JSON object
   */
  static Comparison parse(String json, String source) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new ReportException(
          "the comparison results in "
              + source
              + " are not JSON ("
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + "): give the file a comparison wrote with --json",
          e);
    }
    if (node == null || !node.isObject()) {
      throw new ReportException(
          "the comparison results in "
              + source
              + " are not a JSON object: give the file a comparison wrote with --json");
    }
    return new Comparison((ObjectNode) node, source);
  }

  String source() {
    return source;
  }

  /** The results without the per-prompt answers: what a manifest keeps. */
  ObjectNode summary() {
    ObjectNode copy = root.deepCopy();
    copy.remove("examples");
    return copy;
  }

  /** Top-level values other than the models and examples, for the header. */
  Map<String, String> settings() {
    Map<String, String> out = new LinkedHashMap<>();
    root.properties()
        .forEach(
            e -> {
              if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
              }
            });
    return out;
  }

  /** One entry per compared model: its label and its scalar values (nested ones as a.b). */
  List<Model> models() {
    List<Model> out = new ArrayList<>();
    JsonNode models = root.path("models");
    if (!models.isArray()) {
      return out;
    }
    int i = 0;
    for (JsonNode m : models) {
      i++;
      if (!m.isObject()) {
        continue;
      }
      Map<String, JsonNode> values = new LinkedHashMap<>();
      flatten("", m, values);
      String label =
          m.hasNonNull("label")
              ? m.get("label").asText()
              : m.hasNonNull("modelId") ? m.get("modelId").asText() : "model " + i;
      out.add(new Model(label, values));
    }
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
    node.properties()
        .forEach(
            e -> {
              String key = prefix + e.getKey();
              if (e.getValue().isObject()) {
                flatten(key + ".", e.getValue(), out);
              } else if (e.getValue().isValueNode()) {
                out.put(key, e.getValue());
              }
            });
  }

  /** One compared model. */
  record Model(String label, Map<String, JsonNode> values) {}
}
