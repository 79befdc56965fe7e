package app.polychat.finetune.sqlite.internal;

import app.polychat.finetune.sqlite.Durability;
import app.polychat.finetune.track.TrackerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Opening a database file: the checks made before SQLite touches it, and the settings every
 * connection gets (busy timeout, synchronous level, foreign keys, write transactions that take the
 * lock at once), and WAL mode.
 */
public final class SqliteFile {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteFile.class);

  /** Page size of new files: a ~2 KB journaled example fits three to a page instead of one. */
  private static final int NEW_FILE_PAGE_SIZE = 8192;

  private static final long WAL_CHECKPOINT_BYTES = 40L * 1024 * 1024;
  private static final long JOURNAL_SIZE_LIMIT_BYTES = 64L * 1024 * 1024;
  private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  /** What is at a database path before it is opened. */
  public enum Kind {
    /** No file, or an empty one: SQLite makes a new database there. */
    NEW,
    /** A file that starts with SQLite's header. */
    SQLITE,
    /** A file that is something else. */
    NOT_SQLITE
  }

  private SqliteFile() {}

  /** What the file at the path is, without opening it with SQLite. */
  public static Kind kind(Path database) {
    if (Files.isDirectory(database)) {
      throw new TrackerException(
          database + " is a folder, not a database file: give the path of a file inside it");
    }
    if (!Files.exists(database)) {
      return Kind.NEW;
    }
    try (InputStream in = Files.newInputStream(database)) {
      byte[] start = in.readNBytes(HEADER.length);
      if (start.length == 0) {
        return Kind.NEW;
      }
      return Arrays.equals(start, HEADER) ? Kind.SQLITE : Kind.NOT_SQLITE;
    } catch (IOException e) {
      throw new TrackerException(
          "cannot read " + database + ": " + SqliteErrors.reason(e) + "; check its permissions",
          e,
          false);
    }
  }

  /**
   * The absolute path, with its parent folders created, after checking that nothing but a SQLite
   * database (or nothing at all) is there. A file of another kind is never opened, so never
   * changed.
   */
  public static Path prepare(Path path) {
    Path database = path.toAbsolutePath().normalize();
    if (kind(database) == Kind.NOT_SQLITE) {
      throw SqliteErrors.corrupt(
          database, "the file is not a SQLite database (it lacks SQLite's header)", null);
    }
    Path parent = database.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new TrackerException(
            "cannot create the folder "
                + parent
                + " for the database: "
                + SqliteErrors.reason(e)
                + "; create it or choose another path",
            e,
            false);
      }
    }
    return database;
  }

  /**
   * A connection with the tracker's settings. Read-only connections are for long reads that must
   * not hold the writer's lock.
   */
  public static Connection open(
      Path database, long busyTimeoutMillis, Durability durability, boolean readOnly)
      throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeoutMillis));
    // writers take the lock when their transaction begins, so a busy database waits in the busy
    // handler instead of failing at once when a read turns into a write; readers never lock
    config.setTransactionMode(
        readOnly ? SQLiteConfig.TransactionMode.DEFERRED : SQLiteConfig.TransactionMode.IMMEDIATE);
    config.enforceForeignKeys(true);
    config.setReadOnly(readOnly);
    Connection connection = config.createConnection("jdbc:sqlite:" + database);
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "PRAGMA synchronous = " + (durability == Durability.POWER_SAFE ? "FULL" : "NORMAL"));
      tuneCheckpoints(statement);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /**
   * Switches the file to WAL mode (kept in the file, so it is done once): readers then never wait
   * for the writer. Called after {@link Schema#check}, so a file this code must not change is not.
   */
  public static void useWal(Connection connection, Path database) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (longPragma(statement, "page_count") == 0) {
        // only possible before the first table exists and before WAL mode
        statement.execute("PRAGMA page_size = " + NEW_FILE_PAGE_SIZE);
      }
      String journalMode;
      try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
        journalMode = mode.next() ? mode.getString(1) : "?";
      }
      if (!"wal".equalsIgnoreCase(journalMode)) {
        LOG.warn(
            "{} stays in journal mode '{}' (WAL unavailable on this file system): "
                + "readers and writers will wait for each other",
            database,
            journalMode);
      }
      tuneCheckpoints(statement);
    }
  }

  /**
   * Each journaled example commits about four pages to the WAL (its row, the b-tree parent, the
   * header, the request-id index leaf). Checkpointing every ~40 MB of WAL instead of SQLite's
   * default 1,000 pages merges the rewrites of those hot pages and cuts checkpoint fsyncs tenfold:
   * the benchmark went from ~1,700 to over 5,000 examples/s on a busy 2-core machine. The WAL is
   * trimmed back to 64 MB should a long reader ever let it grow past that.
   */
  private static void tuneCheckpoints(Statement statement) throws SQLException {
    long pageSize = Math.max(512, longPragma(statement, "page_size"));
    statement.execute("PRAGMA wal_autocheckpoint = " + WAL_CHECKPOINT_BYTES / pageSize);
    statement.execute("PRAGMA journal_size_limit = " + JOURNAL_SIZE_LIMIT_BYTES);
  }

  private static long longPragma(Statement statement, String pragma) throws SQLException {
    try (ResultSet rs = statement.executeQuery("PRAGMA " + pragma)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }
}
