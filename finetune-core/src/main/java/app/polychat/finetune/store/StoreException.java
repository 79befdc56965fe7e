package app.polychat.finetune.store;

import app.polychat.finetune.support.FineTuneException;

/** Training files could not be stored or read back. */
public class StoreException extends FineTuneException {
  private static final long serialVersionUID = 1L;

  /**
   * A store failure that retrying cannot fix.
   *
   * @param message what failed and what to check
   */
  public StoreException(String message) {
    super(message);
  }

  /**
   * A store failure, caused by {@code cause}.
   *
   * @param message what failed and what to check
   * @param cause the underlying exception
   * @param retryable whether the same call may succeed later
   */
  public StoreException(String message, Throwable cause, boolean retryable) {
    super(message, cause, retryable);
  }
}
