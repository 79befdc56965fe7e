package app.polychat.finetune.check;

import app.polychat.finetune.support.FineTuneException;

/**
 * An answer check cannot run at all (a tool it needs is missing or will not start). The message
 * says what to install or configure. Not retryable: nothing changes until the user acts.
 */
public class CheckUnavailableException extends FineTuneException {
  private static final long serialVersionUID = 1L;

  public CheckUnavailableException(String message) {
    super(message);
  }

  public CheckUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
