package app.polychat.finetune.sqlite.internal;

import app.polychat.finetune.support.Secrets;
import app.polychat.finetune.track.TrackerException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/**
 * The one place where SQLite's errors become {@link TrackerException}s: every message names the
 * database file, says what went wrong in words and what to do, and keeps the driver's exception as
 * the cause. Busy and locked databases are retryable; everything else needs the user.
 */
public final class SqliteErrors {
  private static final int BUSY = 5;
  private static final int LOCKED = 6;
  private static final int READONLY = 8;
  private static final int IOERR = 10;
  private static final int CORRUPT = 11;
  private static final int FULL = 13;
  private static final int CANTOPEN = 14;
  private static final int CONSTRAINT = 19;
  private static final int NOTADB = 26;
  private static final int PERM = 3;

  private SqliteErrors() {}

  /**
   * Translates a driver error.
   *
   * @param action what the tracker was doing, as a verb phrase ("journal an example")
   */
  public static TrackerException translate(
      SQLException e, Path database, String action, long busyTimeoutMillis) {
    int code = primaryCode(e);
    String reason = reason(e);
    String where = database.toString();
    return switch (code) {
      case BUSY, LOCKED ->
          new TrackerException(
              "cannot "
                  + action
                  + ": the database "
                  + where
                  + " stayed locked by another process or thread for "
                  + busyTimeoutMillis
                  + " ms; try again, or raise the busy timeout (SqliteRunTracker.builder()"
                  + ".busyTimeout(...))",
              e,
              true);
      case CORRUPT, NOTADB -> corrupt(database, reason, e);
      case READONLY, PERM, CANTOPEN ->
          new TrackerException(
              "cannot "
                  + action
                  + ": the database "
                  + where
                  + " cannot be opened for writing ("
                  + reason
                  + "); check that the file and its folder exist and are writable by this user",
              e,
              false);
      case FULL ->
          new TrackerException(
              "cannot " + action + ": the disk holding " + where + " is full; free some space",
              e,
              true);
      case IOERR ->
          new TrackerException(
              "cannot " + action + ": input/output error on " + where + " (" + reason + ")",
              e,
              true);
      default ->
          new TrackerException("cannot " + action + " in " + where + ": " + reason, e, false);
    };
  }

  /** The error for a file that is not a SQLite database, or one whose pages are damaged. */
  public static TrackerException corrupt(Path database, String reason, Throwable cause) {
    return new TrackerException(
        database
            + " is not a usable finetune database: "
            + reason
            + ". Nothing was changed. Restore it from a backup, move it aside, or choose another"
            + " path (`finetune db init --force` backs it up and starts a new one)",
        cause,
        false);
  }

  /**
   * SQLite's own words: the driver's {@code "[SQLITE_CORRUPT] The database disk image is malformed
   * (database disk image is malformed)"} becomes {@code "database disk image is malformed"}.
   */
  static String reason(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().trim();
    if (message.startsWith("[") && message.indexOf("] ") > 0) {
      message = message.substring(message.indexOf("] ") + 2);
    }
    int open = message.lastIndexOf(" (");
    if (message.endsWith(")") && open > 0) {
      message = message.substring(open + 2, message.length() - 1);
    }
    return Secrets.redactText(message);
  }

  /** An I/O failure in words: the JDK often puts only the path in the message. */
  public static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e instanceof FileSystemException || e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getMessage();
  }

  /** Whether the error is a foreign key that points nowhere (a journal entry of an unknown run). */
  public static boolean isForeignKeyViolation(SQLException e) {
    return e instanceof SQLiteException s
        && s.getResultCode() != null
        && s.getResultCode().name().equals("SQLITE_CONSTRAINT_FOREIGNKEY");
  }

  /** Whether the error is a busy or locked database. */
  public static boolean isBusy(SQLException e) {
    int code = primaryCode(e);
    return code == BUSY || code == LOCKED;
  }

  /** Whether the error is a violated constraint of any kind. */
  public static boolean isConstraint(SQLException e) {
    return primaryCode(e) == CONSTRAINT;
  }

  private static int primaryCode(SQLException e) {
    if (e instanceof SQLiteException s && s.getResultCode() != null) {
      return s.getResultCode().code & 0xff;
    }
    return e.getErrorCode() & 0xff;
  }
}
