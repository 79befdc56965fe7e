package app.polychat.finetune.generate;

import app.polychat.finetune.source.GenerationRequest;

/**
 * Hears what a generation run does, for progress bars and logs. Called from worker threads; keep it
 * quick. Every method has an empty default.
 */
public interface GenerationListener {
  default void started(GenerationProgress progress) {}

  default void succeeded(GenerationRequest request, GenerationProgress progress) {}

  default void failed(GenerationRequest request, String reason, GenerationProgress progress) {}

  default void dropped(GenerationRequest request, String reason, GenerationProgress progress) {}

  /** The teacher is being asked again after a transient failure. */
  default void retried(GenerationRequest request, int attempt, String reason) {}

  /** A rate limit made the request wait. */
  default void rateLimited(GenerationRequest request, java.time.Duration wait) {}

  default void finished(GenerationResult result) {}
}
