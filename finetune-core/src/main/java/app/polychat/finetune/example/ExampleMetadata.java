package app.polychat.finetune.example;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Where an example came from. Kept beside the conversation, never written into a Bedrock file.
 *
 * @param requestId stable id of the planned request that produced it (null for imported examples)
 * @param style the style asked for, or null
 * @param complexity the complexity asked for, or null
 * @param teacherModel the model that answered, or null
 * @param inputTokens tokens the teacher reported or we estimated for the prompt, or null
 * @param outputTokens tokens of the answer, or null
 * @param latency how long the teacher took, or null
 * @param createdAt when the answer arrived, or null
 * @param extra anything else a source wants to keep (never secrets)
 */
public record ExampleMetadata(
    String requestId,
    String style,
    String complexity,
    String teacherModel,
    Integer inputTokens,
    Integer outputTokens,
    Duration latency,
    Instant createdAt,
    Map<String, String> extra) {

  /** No metadata: every field null, no extras. */
  public static final ExampleMetadata EMPTY =
      new ExampleMetadata(null, null, null, null, null, null, null, null, Map.of());

  /**
   * Copies the extras; null extras become an empty map.
   *
   * @param requestId stable id of the planned request that produced it (null for imported examples)
   * @param style the style asked for, or null
   * @param complexity the complexity asked for, or null
   * @param teacherModel the model that answered, or null
   * @param inputTokens tokens the teacher reported or we estimated for the prompt, or null
   * @param outputTokens tokens of the answer, or null
   * @param latency how long the teacher took, or null
   * @param createdAt when the answer arrived, or null
   * @param extra anything else a source wants to keep (never secrets)
   */
  public ExampleMetadata {
    extra = Map.copyOf(Objects.requireNonNullElse(extra, Map.of()));
  }

  /**
   * This metadata with another request id.
   *
   * @param id the new request id
   * @return a copy with the request id replaced
   */
  public ExampleMetadata withRequestId(String id) {
    return new ExampleMetadata(
        id, style, complexity, teacherModel, inputTokens, outputTokens, latency, createdAt, extra);
  }

  /**
   * This metadata with another style and complexity.
   *
   * @param newStyle the new style, or null
   * @param newComplexity the new complexity, or null
   * @return a copy with the style and complexity replaced
   */
  public ExampleMetadata withStyle(String newStyle, String newComplexity) {
    return new ExampleMetadata(
        requestId,
        newStyle,
        newComplexity,
        teacherModel,
        inputTokens,
        outputTokens,
        latency,
        createdAt,
        extra);
  }
}
