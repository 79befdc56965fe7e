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
  /**
   * Checks the components; a null message becomes an empty one.
   *
   * @param check the check's {@linkplain AnswerCheck#name() name}
   * @param passed whether the answer passed
   * @param reason a short, stable code for the outcome ({@code ok}, {@code syntax}, {@code
   *     mini-notation}, {@code timeout}, ...), used to count failures by kind
   * @param message what the check found, in words (the engine's own message for a failure)
   * @param elapsed how long the check took
   * @throws NullPointerException when {@code check}, {@code reason} or {@code elapsed} is null
   */
  public CheckResult {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(reason, "reason");
    message = message == null ? "" : message;
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /**
   * {@return a pass with reason {@code ok}}
   *
   * @param check the check's name
   * @param message what was found, for reports; null for none
   * @param elapsed how long the check took
   */
  public static CheckResult pass(String check, String message, Duration elapsed) {
    return new CheckResult(check, true, "ok", message, elapsed);
  }

  /**
   * {@return a failure with its reason code and message}
   *
   * @param check the check's name
   * @param reason a short code for the failure, counted in summaries ({@code syntax})
   * @param message what was found, for reports; null for none
   * @param elapsed how long the check took
   */
  public static CheckResult fail(String check, String reason, String message, Duration elapsed) {
    return new CheckResult(check, false, reason, message, elapsed);
  }

  /**
   * {@return the time since {@code startNanos} (a {@link System#nanoTime()} value)}
   *
   * @param startNanos the start, as {@link System#nanoTime()} returned it
   */
  public static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /**
   * {@return the drop reason recorded for a failed answer: {@code check strudel failed
   * (mini-notation): [mini] parse error ...}}
   */
  public String describe() {
    String head =
        passed ? "check " + check + " passed" : "check " + check + " failed (" + reason + ")";
    return message.isEmpty() ? head : head + ": " + message;
  }
}
