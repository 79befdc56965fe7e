package app.polychat.finetune.support;

/**
 * Root of every exception the toolkit throws. Unchecked, as in the AWS SDK v2: callers decide what
 * to catch. {@link #retryable()} says whether the same call may succeed if tried again (throttling,
 * a dropped connection, a 5xx), as opposed to a mistake that needs the user's attention.
 *
 * <p>Messages say what went wrong and how to fix it, and never contain a secret.
 */
public class FineTuneException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public FineTuneException(String message) {
    this(message, null, false);
  }

  public FineTuneException(String message, Throwable cause) {
    this(message, cause, false);
  }

  public FineTuneException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether repeating the same call may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
