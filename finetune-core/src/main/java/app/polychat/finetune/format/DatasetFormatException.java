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
  private final long line;
  private final String reason;

  public DatasetFormatException(String reason) {
    this(reason, null, null, 0);
  }

  public DatasetFormatException(String reason, Throwable cause) {
    this(reason, cause, null, 0);
  }

  public DatasetFormatException(String reason, Throwable cause, Path file, long line) {
    super(file == null ? reason : file + ":" + line + ": " + reason, cause, false);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }

  /** The same problem, located at a line of a file. */
  public DatasetFormatException at(Path file, long line) {
    return new DatasetFormatException(reason, getCause(), file, line);
  }

  /** The file the record came from, or null. */
  public Path file() {
    return file;
  }

  /** The 1-based line number, or 0 when unknown. */
  public long line() {
    return line;
  }

  /** What is wrong, without the location. */
  public String reason() {
    return reason;
  }
}
