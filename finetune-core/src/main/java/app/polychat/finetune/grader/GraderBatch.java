package app.polychat.finetune.grader;

import app.polychat.finetune.format.BedrockRftFormatter;
import app.polychat.finetune.format.DatasetFormatException;
import app.polychat.finetune.format.JsonlReader;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Grader input as Bedrock sends it during reinforcement fine-tuning (UG "Setting up reward
 * functions"): {@code [{"id", "messages": [..., {"role": "assistant", "content": answer}],
 * "metadata": {"reference_answer", <the record's other fields>}}]}, made from a {@code bedrock-rft}
 * dataset so a grader can be tried before a job is paid for.
 */
public final class GraderBatch {
  private GraderBatch() {}

  /**
   * Samples from the first {@code limit} records of an RFT file.
   *
   * @param answers the answers to grade by record id (a model's answers); records without one are
   *     answered with their own reference answer. Null or empty grades the reference answers.
   * @param rftFile the RFT dataset file
   * @param limit how many records to read from the start, at least 1
   * @return one grader sample per record
   * @throws DatasetFormatException naming the line of a record that is not an RFT record
   */
  public static List<ObjectNode> fromDataset(Path rftFile, int limit, Map<String, String> answers) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
    List<ObjectNode> samples = new ArrayList<>();
    JsonlReader.forEachLine(
        rftFile,
        line -> {
          if (line.blank() || samples.size() >= limit) {
            return;
          }
          try {
            samples.add(sample(line.text(), "line-" + line.number(), answers));
          } catch (DatasetFormatException e) {
            throw e.at(rftFile, line.number());
          }
        });
    if (samples.isEmpty()) {
      throw new DatasetFormatException("the file has no records", null, rftFile, 0);
    }
    return samples;
  }

  /**
   * {@return one sample from one RFT record; {@code fallbackId} when the record has no {@code id}}
   *
   * @param rftLine one RFT record as a JSON line
   * @param fallbackId the sample's id when the record has none
   * @param answers the answers by record id; null or empty grades the reference answer
   */
  public static ObjectNode sample(String rftLine, String fallbackId, Map<String, String> answers) {
    JsonNode record;
    try {
      record = Json.parse(rftLine);
    } catch (IllegalArgumentException e) {
      throw new DatasetFormatException("not valid JSON: " + e.getMessage(), e);
    }
    JsonNode reference = record.get(BedrockRftFormatter.REFERENCE_ANSWER);
    if (!record.path("messages").isArray() || reference == null || reference.isNull()) {
      throw new DatasetFormatException(
          "not a bedrock-rft record (messages and reference_answer): convert the file with"
              + " `finetune dataset convert --to rft`");
    }
    String id = record.hasNonNull("id") ? record.get("id").asText() : fallbackId;
    String answer =
        answers != null && answers.containsKey(id)
            ? answers.get(id)
            : reference.isTextual() ? reference.asText() : Json.write(reference);
    ObjectNode sample = Json.mapper().createObjectNode();
    sample.put("id", id);
    ArrayNode messages = sample.putArray("messages");
    record.get("messages").forEach(m -> messages.add(m.deepCopy()));
    messages.addObject().put("role", "assistant").put("content", answer);
    ObjectNode metadata = sample.putObject("metadata");
    record
        .properties()
        .forEach(
            e -> {
              if (!e.getKey().equals("messages") && !e.getKey().equals("id")) {
                metadata.set(e.getKey(), e.getValue().deepCopy());
              }
            });
    return sample;
  }
}
