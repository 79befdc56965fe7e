package app.polychat.finetune.store;

import app.polychat.finetune.support.FineTuneException;

/** Training files could not be stored or read back. */
public class StoreException extends FineTuneException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause, boolean retryable) {
    super(message, cause, retryable);
  }
}
