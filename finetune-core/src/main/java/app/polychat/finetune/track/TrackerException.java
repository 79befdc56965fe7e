package app.polychat.finetune.track;

import app.polychat.finetune.support.FineTuneException;

/** The run tracker could not read or write its records (a corrupt file, a locked database, ...). */
public class TrackerException extends FineTuneException {
  private static final long serialVersionUID = 1L;

  public TrackerException(String message) {
    super(message);
  }

  public TrackerException(String message, Throwable cause, boolean retryable) {
    super(message, cause, retryable);
  }
}
