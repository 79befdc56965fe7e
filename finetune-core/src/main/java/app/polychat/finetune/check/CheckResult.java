package app.polychat.finetune.check;

import java.time.Duration;
import java.util.Objects;

/**
 * One check's verdict on one answer.
 *
 * @param check the check's {@linkplain AnswerCheck#name() name}
 * @param passed whether the answer passed
 * @param reason a short, stable code for the outcome ({@code ok}, {@code syntax}, {@code
 *     mini-notation}, {@code timeout}, ...), used to count failures by kind
 * @param message what the check found, in words (the engine's own message for a failure)
 * @param elapsed how long the check took
 */
public record CheckResult(
    String check, boolean passed, String reason, String message, Duration elapsed) {
  public CheckResult {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(reason, "reason");
    message = message == null ? "" : message;
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** A pass with reason {@code ok}. */
  public static CheckResult pass(String check, String message, Duration elapsed) {
    return new CheckResult(check, true, "ok", message, elapsed);
  }

  /** A failure with its reason code and message. */
  public static CheckResult fail(String check, String reason, String message, Duration elapsed) {
    return new CheckResult(check, false, reason, message, elapsed);
  }

  /** The time since {@code startNanos} (a {@link System#nanoTime()} value). */
  public static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /**
   * The drop reason recorded for a failed answer: {@code check strudel failed (mini-notation):
   * [mini] parse error ...}.
   */
  public String describe() {
    String head =
        passed ? "check " + check + " passed" : "check " + check + " failed (" + reason + ")";
    return message.isEmpty() ? head : head + ": " + message;
  }
}
