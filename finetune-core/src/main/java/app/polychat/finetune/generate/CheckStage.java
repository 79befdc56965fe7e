package app.polychat.finetune.generate;

import app.polychat.finetune.check.AnswerChecks;
import app.polychat.finetune.check.CheckOutcome;
import app.polychat.finetune.check.CheckResult;
import app.polychat.finetune.check.ValiditySummary;
import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.track.JournalEntry;
import app.polychat.finetune.track.JournalStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * The engine's answer-check stage: runs the configured {@link AnswerChecks} on an answer the
 * filters kept, and describes the answers it rejects. A rejected answer that will be asked again is
 * journaled under its own id ({@code <request id>~check-<n>}) with status dropped, the answer and
 * the check's reason, so every attempt is on record and the request's own entry is its final
 * outcome; those ids are not in the plan, so the dataset and the run's counts ignore them.
 */
final class CheckStage {
  private final AnswerChecks checks;
  private final int maxAsks;

  CheckStage(AnswerChecks checks, int maxAsks) {
    this.checks = checks;
    this.maxAsks = maxAsks;
  }

  ValiditySummary summary() {
    return checks.summary();
  }

  boolean active() {
    return !checks.isEmpty();
  }

  /** How often one request may be asked in a run when its answers fail a check. */
  int maxAsks() {
    return maxAsks;
  }

  void verify() {
    checks.verify();
  }

  /** The drop reason when the answer fails a check, or null when it passes. */
  String failure(TrainingExample example) {
    if (checks.isEmpty()) {
      return null;
    }
    CheckOutcome outcome =
        checks.check(
            "request " + example.metadata().requestId(),
            example.conversation().lastAssistantText().orElse(""));
    return outcome.firstFailure().map(CheckResult::describe).orElse(null);
  }

  static String attemptId(String requestId, int ask) {
    return requestId + "~check-" + ask;
  }

  static JournalEntry rejectedAttempt(
      GenerationRequest request,
      int ask,
      TrainingExample example,
      String reason,
      int attempts,
      Duration latency,
      Integer in,
      Integer out) {
    return new JournalEntry(
        attemptId(request.id(), ask),
        request.index(),
        JournalStatus.DROPPED,
        example,
        reason + " (ask " + ask + ", asked again)",
        attempts,
        latency,
        in,
        out,
        Instant.now());
  }
}
