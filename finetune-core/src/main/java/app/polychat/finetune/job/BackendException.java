package app.polychat.finetune.job;

import app.polychat.finetune.support.FineTuneException;

/** A customization backend refused or failed a call (submit, describe, list, stop, metrics). */
public class BackendException extends FineTuneException {
  private static final long serialVersionUID = 1L;

  /**
   * A backend failure that retrying cannot fix.
   *
   * @param message what failed and what to check
   */
  public BackendException(String message) {
    super(message);
  }

  /**
   * A backend failure, caused by {@code cause}.
   *
   * @param message what failed and what to check
   * @param cause the service's exception
   * @param retryable whether the same call may succeed later (a throttle or a timeout)
   */
  public BackendException(String message, Throwable cause, boolean retryable) {
    super(message, cause, retryable);
  }
}
