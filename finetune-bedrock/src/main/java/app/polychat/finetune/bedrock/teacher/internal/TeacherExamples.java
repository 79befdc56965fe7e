package app.polychat.finetune.bedrock.teacher.internal;

import app.polychat.finetune.bedrock.teacher.internal.ConverseMessages.Answer;
import app.polychat.finetune.example.ExampleMetadata;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.support.Tokens;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Bedrock teacher's answer as a training example, the same for Converse and batch. Not public
 * API.
 */
public final class TeacherExamples {
  private TeacherExamples() {}

  /**
   * The example of an answer: the reported token counts (or estimates, said so), the stop reason,
   * the source kind.
   *
   * @throws SourceException when the answer has no text
   */
  public static GeneratedExample of(
      GenerationRequest request,
      Answer answer,
      String model,
      int attempts,
      Duration elapsed,
      String sourceKind,
      String batchJobArn) {
    if (answer.text().isBlank()) {
      throw new SourceException(
          "the teacher answered without text (stop reason: "
              + Objects.requireNonNullElse(answer.stopReason(), "none")
              + ")",
          false);
    }
    boolean reported = answer.tokensReported();
    int in =
        reported
            ? answer.inputTokens()
            : Tokens.estimate(request.systemPrompt() + "\n" + request.prompt());
    int out = reported ? answer.outputTokens() : Tokens.estimate(answer.text());
    Duration latency = answer.latencyMs() != null ? Duration.ofMillis(answer.latencyMs()) : elapsed;
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("source", sourceKind);
    extra.put("tokens", reported ? "reported" : "estimated");
    if (answer.stopReason() != null) {
      extra.put("stopReason", answer.stopReason());
    }
    if (batchJobArn != null) {
      extra.put("batchJob", batchJobArn);
    }
    if (elapsed != null) {
      extra.put("elapsedMs", Long.toString(elapsed.toMillis()));
    }
    GeneratedExample example =
        GeneratedExample.answer(request, answer.text(), model, in, out, latency, attempts);
    ExampleMetadata m = example.example().metadata();
    ExampleMetadata withExtra =
        new ExampleMetadata(
            m.requestId(),
            m.style(),
            m.complexity(),
            m.teacherModel(),
            m.inputTokens(),
            m.outputTokens(),
            m.latency(),
            m.createdAt(),
            extra);
    return new GeneratedExample(example.example().withMetadata(withExtra), attempts);
  }
}
