package app.polychat.finetune.source;

/**
 * The teacher cannot answer any request: a wrong or missing API key, a circuit breaker opened by a
 * streak of failures, an unknown model. The generation engine stops taking new work when it sees
 * one, journals what is in flight, and tells the user how to resume.
 */
public class SourceUnavailableException extends SourceException {
  private static final long serialVersionUID = 1L;

  /**
   * A teacher that cannot answer anything (the run stops).
   *
   * @param message what failed and what to check
   * @param cause the underlying exception, or null
   * @param httpStatus the answer's HTTP status, or 0 when none
   */
  public SourceUnavailableException(String message, Throwable cause, int httpStatus) {
    super(message, cause, false, httpStatus, null);
  }
}
