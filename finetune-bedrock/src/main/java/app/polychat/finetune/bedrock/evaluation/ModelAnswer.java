package app.polychat.finetune.bedrock.evaluation;

import java.time.Duration;
import java.util.Objects;

/**
 * One answer of a model to one prompt, with how long it took and the tokens Bedrock counted.
 *
 * @param modelId the model, deployment or provisioned throughput that answered
 * @param text the answer's text blocks joined by newlines (empty when it had none)
 * @param latency wall-clock time of the call as the caller saw it, SDK retries included
 * @param serviceLatencyMs the latency Bedrock reported ({@code metrics.latencyMs}), or null
 * @param inputTokens input tokens Bedrock counted
 * @param outputTokens output tokens Bedrock counted
 * @param stopReason why the model stopped ({@code end_turn}, {@code max_tokens}, ...), or null
 */
public record ModelAnswer(
    String modelId,
    String text,
    Duration latency,
    Long serviceLatencyMs,
    int inputTokens,
    int outputTokens,
    String stopReason) {

  /**
   * Checks that the model id, text and latency are given.
   *
   * @param modelId the model, deployment or provisioned throughput that answered
   * @param text the answer's text blocks joined by newlines (empty when it had none)
   * @param latency wall-clock time of the call as the caller saw it, SDK retries included
   * @param serviceLatencyMs the latency Bedrock reported ({@code metrics.latencyMs}), or null
   * @param inputTokens input tokens Bedrock counted
   * @param outputTokens output tokens Bedrock counted
   * @param stopReason why the model stopped ({@code end_turn}, {@code max_tokens}, ...), or null
   */
  public ModelAnswer {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(latency, "latency");
  }

  /** {@return whether the answer was cut off by the max-tokens limit} */
  public boolean truncated() {
    return "max_tokens".equals(stopReason);
  }
}
