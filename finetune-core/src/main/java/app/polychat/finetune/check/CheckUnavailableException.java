package app.polychat.finetune.check;

import app.polychat.finetune.support.FineTuneException;

/**
 * An answer check cannot run at all (a tool it needs is missing or will not start). The message
 * says what to install or configure. Not retryable: nothing changes until the user acts.
 */
public class CheckUnavailableException extends FineTuneException {
  private static final long serialVersionUID = 1L;

  /**
   * A check that cannot run, as {@code message} says.
   *
   * @param message what cannot run and how to make it run
   */
  public CheckUnavailableException(String message) {
    super(message);
  }

  /**
   * A check that cannot run, as {@code message} says, because of {@code cause}.
   *
   * @param message what cannot run and how to make it run
   * @param cause the underlying failure, such as the process start error
   */
  public CheckUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
