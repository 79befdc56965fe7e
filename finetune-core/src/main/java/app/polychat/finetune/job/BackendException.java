package app.polychat.finetune.job;

import app.polychat.finetune.support.FineTuneException;

/** A customization backend refused or failed a call (submit, describe, list, stop, metrics). */
public class BackendException extends FineTuneException {
  private static final long serialVersionUID = 1L;

  public BackendException(String message) {
    super(message);
  }

  public BackendException(String message, Throwable cause, boolean retryable) {
    super(message, cause, retryable);
  }
}
