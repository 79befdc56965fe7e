package app.polychat.finetune.report;

import app.polychat.finetune.support.FineTuneException;

/**
 * A report or manifest could not be built or written: a folder that cannot be written, a comparison
 * file that is not the JSON it should be, a job the history does not know.
 */
public class ReportException extends FineTuneException {
  private static final long serialVersionUID = 1L;

  /**
   * A report problem described by {@code message}.
   *
   * @param message what went wrong, naming the file
   */
  public ReportException(String message) {
    super(message);
  }

  /**
   * A report problem described by {@code message}, caused by {@code cause}.
   *
   * @param message what went wrong, naming the file
   * @param cause the underlying failure
   */
  public ReportException(String message, Throwable cause) {
    super(message, cause, false);
  }
}
