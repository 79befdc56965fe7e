package app.polychat.finetune.source;

import app.polychat.finetune.example.Conversation;
import app.polychat.finetune.example.ExampleMetadata;
import app.polychat.finetune.example.TrainingExample;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A teacher's answer to one {@link GenerationRequest}, as a training example.
 *
 * @param example the conversation and its metadata (request id, style, complexity, teacher, tokens)
 * @param attempts how many calls it took (1 when the first one succeeded)
 */
public record GeneratedExample(TrainingExample example, int attempts) {
  /**
   * Checks that the example is given and the attempts are at least 1.
   *
   * @param example the conversation and its metadata (request id, style, complexity, teacher,
   *     tokens)
   * @param attempts how many calls it took (1 when the first one succeeded)
   * @throws IllegalArgumentException when {@code attempts} is below 1
   */
  public GeneratedExample {
    Objects.requireNonNull(example, "example");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
    }
  }

  /**
   * {@return the usual case: the teacher answered the planned request with text}
   *
   * @param inputTokens reported or estimated prompt tokens, or null
   * @param outputTokens reported or estimated answer tokens, or null
   * @param request the request that was answered
   * @param answer the teacher's answer text
   * @param teacherModel the model that answered
   * @param latency how long the successful call took
   * @param attempts calls made for this request, at least 1
   */
  public static GeneratedExample answer(
      GenerationRequest request,
      String answer,
      String teacherModel,
      Integer inputTokens,
      Integer outputTokens,
      Duration latency,
      int attempts) {
    ExampleMetadata metadata =
        new ExampleMetadata(
            request.id(),
            request.style(),
            request.complexity(),
            teacherModel,
            inputTokens,
            outputTokens,
            latency,
            Instant.now(),
            Map.of());
    return new GeneratedExample(
        new TrainingExample(
            Conversation.of(request.systemPrompt(), request.prompt(), answer), metadata),
        attempts);
  }
}
