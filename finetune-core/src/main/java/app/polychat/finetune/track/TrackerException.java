package app.polychat.finetune.track;

import app.polychat.finetune.support.FineTuneException;

/** The run tracker could not read or write its records (a corrupt file, a locked database, ...). */
public class TrackerException extends FineTuneException {
  private static final long serialVersionUID = 1L;

  /**
   * A tracker failure that retrying cannot fix.
   *
   * @param message what failed and what to check
   */
  public TrackerException(String message) {
    super(message);
  }

  /**
   * A tracker failure, caused by {@code cause}.
   *
   * @param message what failed and what to check
   * @param cause the underlying exception
   * @param retryable whether the same call may succeed later (a busy database)
   */
  public TrackerException(String message, Throwable cause, boolean retryable) {
    super(message, cause, retryable);
  }
}
