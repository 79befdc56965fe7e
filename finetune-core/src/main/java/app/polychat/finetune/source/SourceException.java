package app.polychat.finetune.source;

import app.polychat.finetune.support.FineTuneException;
import java.time.Duration;
import java.util.Optional;

/**
 * A teacher call that did not produce an example: the reason, and whether trying again may help.
 */
public class SourceException extends FineTuneException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status of the answer, or 0 when there was none. */
  private final int httpStatus;

  /** How long the server asked to wait before trying again, or null. */
  private final Duration retryAfter;

  /**
   * A failed call without an HTTP answer.
   *
   * @param message what went wrong
   * @param retryable whether asking again may succeed
   */
  public SourceException(String message, boolean retryable) {
    this(message, null, retryable, 0, null);
  }

  /**
   * A failed call without an HTTP answer, caused by {@code cause}.
   *
   * @param message what went wrong
   * @param cause the underlying exception
   * @param retryable whether asking again may succeed
   */
  public SourceException(String message, Throwable cause, boolean retryable) {
    this(message, cause, retryable, 0, null);
  }

  /**
   * A failed call with the server's answer.
   *
   * @param httpStatus the response status, or 0 when there was no response
   * @param retryAfter how long the server asked us to wait, or null
   * @param message what went wrong
   * @param cause the underlying exception, or null
   * @param retryable whether asking again may succeed
   */
  public SourceException(
      String message, Throwable cause, boolean retryable, int httpStatus, Duration retryAfter) {
    super(message, cause, retryable);
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
  }

  /** {@return the HTTP status of the teacher's answer, or 0 when no answer arrived} */
  public int httpStatus() {
    return httpStatus;
  }

  /** {@return the wait the teacher asked for (a {@code Retry-After} header), if any} */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
