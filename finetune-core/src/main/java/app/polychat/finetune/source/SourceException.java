package app.polychat.finetune.source;

import app.polychat.finetune.support.FineTuneException;
import java.time.Duration;
import java.util.Optional;

/**
 * A teacher call that did not produce an example: the reason, and whether trying again may help.
 */
public class SourceException extends FineTuneException {
  private static final long serialVersionUID = 1L;
  private final int httpStatus;
  private final Duration retryAfter;

  public SourceException(String message, boolean retryable) {
    this(message, null, retryable, 0, null);
  }

  public SourceException(String message, Throwable cause, boolean retryable) {
    this(message, cause, retryable, 0, null);
  }

  /**
   * @param httpStatus the response status, or 0 when there was no response
   * @param retryAfter how long the server asked us to wait, or null
   */
  public SourceException(
      String message, Throwable cause, boolean retryable, int httpStatus, Duration retryAfter) {
    super(message, cause, retryable);
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
  }

  /** The HTTP status of the teacher's answer, or 0 when no answer arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The wait the teacher asked for (a {@code Retry-After} header), if any. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
