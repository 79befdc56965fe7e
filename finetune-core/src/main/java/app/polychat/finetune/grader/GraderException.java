package app.polychat.finetune.grader;

import app.polychat.finetune.support.FineTuneException;

/** Building, running or reading a grader failed; the message says why and what to do. */
public class GraderException extends FineTuneException {
  private static final long serialVersionUID = 1L;

  public GraderException(String message) {
    super(message);
  }

  public GraderException(String message, Throwable cause) {
    super(message, cause);
  }
}
