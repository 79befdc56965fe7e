package app.polychat.finetune.teacher;

import app.polychat.finetune.source.SourceException;

/**
 * A request that failed on this side, before or without a teacher call: a rate-limit or slot wait
 * that would take too long, an interruption. {@link TeacherCaller} never retries it in place and
 * never counts it as a failure of the API; a teacher throws it for failures of its own side (an
 * interrupted HTTP exchange) so that they are treated the same way.
 */
public final class LocalFailureException extends SourceException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened and what to do, without secrets
   * @param cause the cause, or null
   * @param retryable whether a later run may succeed
   */
  public LocalFailureException(String message, Throwable cause, boolean retryable) {
    super(message, cause, retryable, 0, null);
  }
}
