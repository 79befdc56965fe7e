package app.polychat.finetune.format;

import app.polychat.finetune.support.FineTuneException;
import java.nio.file.Path;

/**
 * A record that cannot be read or written in a dataset format. When the record came from a file,
 * the message names the file and the 1-based line number.
 */
public class DatasetFormatException extends FineTuneException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;

  /** The 1-based line of the bad record, or 0 when it did not come from a file. */
  private final long line;

  /** The problem itself, without the file and line. */
  private final String reason;

  /**
   * A problem with a record that did not come from a file (or whose place is added later).
   *
   * @param reason what is wrong and how to fix it
   */
  public DatasetFormatException(String reason) {
    this(reason, null, null, 0);
  }

  /**
   * A problem with a record, caused by {@code cause}.
   *
   * @param reason what is wrong and how to fix it
   * @param cause the underlying failure, such as a JSON parse error
   */
  public DatasetFormatException(String reason, Throwable cause) {
    this(reason, cause, null, 0);
  }

  /**
   * A problem at a line of a file.
   *
   * @param reason what is wrong and how to fix it
   * @param cause the underlying failure, or null
   * @param file the dataset file, or null when unknown
   * @param line the 1-based line number, or 0 when unknown
   */
  public DatasetFormatException(String reason, Throwable cause, Path file, long line) {
    super(file == null ? reason : file + ":" + line + ": " + reason, cause, false);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }

  /**
   * {@return the same problem, located at a line of a file}
   *
   * @param file the dataset file
   * @param line the 1-based line number
   */
  public DatasetFormatException at(Path file, long line) {
    return new DatasetFormatException(reason, getCause(), file, line);
  }

  /** {@return the file the record came from, or null} */
  public Path file() {
    return file;
  }

  /** {@return the 1-based line number, or 0 when unknown} */
  public long line() {
    return line;
  }

  /** {@return what is wrong, without the location} */
  public String reason() {
    return reason;
  }
}
