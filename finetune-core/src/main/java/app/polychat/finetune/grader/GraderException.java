package app.polychat.finetune.grader;

import app.polychat.finetune.support.FineTuneException;

/** Building, running or reading a grader failed; the message says why and what to do. */
public class GraderException extends FineTuneException {
  private static final long serialVersionUID = 1L;

  /**
   * A grader problem, as {@code message} says.
   *
   * @param message what failed and what to do
   */
  public GraderException(String message) {
    super(message);
  }

  /**
   * A grader problem, caused by {@code cause}.
   *
   * @param message what failed and what to do
   * @param cause the underlying failure
   */
  public GraderException(String message, Throwable cause) {
    super(message, cause);
  }
}
