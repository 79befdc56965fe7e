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

  /** Whether the same call may succeed when repeated. */
  private final boolean retryable;

  /**
   * A failure that retrying cannot fix.
   *
   * @param message what went wrong and how to fix it
   */
  public FineTuneException(String message) {
    this(message, null, false);
  }

  /**
   * A failure that retrying cannot fix, caused by {@code cause}.
   *
   * @param message what went wrong and how to fix it
   * @param cause the underlying exception
   */
  public FineTuneException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * A failure, caused by {@code cause}.
   *
   * @param message what went wrong and how to fix it
   * @param cause the underlying exception, or null
   * @param retryable whether repeating the same call may succeed
   */
  public FineTuneException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** {@return whether repeating the same call may succeed} */
  public boolean retryable() {
    return retryable;
  }
}
