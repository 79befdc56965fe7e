package app.polychat.finetune.polychat.internal;

import java.util.Map;
import java.util.Objects;

/**
 * What a teacher's successful answer holds once checked. Not public API.
 *
 * @param text the answer text, never blank
 * @param inputTokens prompt tokens the API reported, or null
 * @param outputTokens answer tokens the API reported, or null
 * @param extra small facts worth keeping with the example (for example a finish reason)
 */
public record TeacherAnswer(
    String text, Integer inputTokens, Integer outputTokens, Map<String, String> extra) {
  public TeacherAnswer {
    Objects.requireNonNull(text, "text");
    extra = Map.copyOf(Objects.requireNonNullElse(extra, Map.of()));
  }

  /** Whether the API reported both token counts. */
  public boolean tokensReported() {
    return inputTokens != null && outputTokens != null;
  }
}
