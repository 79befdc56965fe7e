package app.polychat.finetune.sqlite;

import app.polychat.finetune.sqlite.internal.Schema;
import app.polychat.finetune.sqlite.internal.SqliteErrors;
import app.polychat.finetune.sqlite.internal.SqliteFile;
import app.polychat.finetune.track.TrackerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Managing the database file itself: what {@code finetune db init} does. Other commands need none
 * of this; {@link SqliteRunTracker#open} makes and upgrades the file on first use.
 *
 * <pre>{@code
 * InitResult result = SqliteDatabase.initialize(SqliteRunTracker.DEFAULT_PATH, false, System.out::println);
 * }</pre>
 */
public final class SqliteDatabase {
  /** The schema version this toolkit writes. */
  public static final int SCHEMA_VERSION = Schema.LATEST_VERSION;

  private static final DateTimeFormatter BACKUP_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  private static final long INIT_BUSY_TIMEOUT_MILLIS = 10_000;

  private SqliteDatabase() {}

  /**
   * Makes the database at the path, printing what it does line by line, as the original toolkit's
   * {@code db init} did:
   *
   * <pre>
   * 📦 Initializing new database at: /abs/path/datasets/.finetune.db
   *
   * ✓ Created table: jobs
   * ✓ Created table: datasets
   * ...
   * ✓ Created indexes
   *
   * ✓ Database initialized successfully!
   * </pre>
   *
   * <p>An existing database is left untouched unless {@code force} is set; then it is first copied
   * to {@code <name>.backup-<yyyyMMdd-HHmmss>} beside it (a consistent copy, even while another
   * process uses it), and started afresh. With {@code force}, a file that is not a SQLite database
   * (or a damaged one) is moved to that backup name instead.
   *
   * @param path the database file; missing folders are created
   * @param force re-initialize an existing database (after backing it up)
   * @param out receives each line of the report
   * @return what was done, the absolute path, the backup (if any) and the schema version
   * @throws TrackerException when the file cannot be made, or is not a database and {@code force}
   *     is not set (the message names the file and says what to do)
   */
  public static InitResult initialize(Path path, boolean force, Consumer<String> out) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(out, "out");
    Path database = path.toAbsolutePath().normalize();
    switch (SqliteFile.kind(database)) {
      case NEW:
        return create(database, null, out);
      case SQLITE:
        Summary summary;
        try {
          summary = summarize(database);
        } catch (TrackerException damaged) {
          if (!force) {
            throw damaged;
          }
          return create(database, moveAside(database, out), out);
        }
        if (!force) {
          reportExisting(database, summary, out);
          return new InitResult(InitResult.Outcome.ALREADY_EXISTS, database, null, summary.version);
        }
        Path backup = backupPath(database);
        copyAndClear(database, backup);
        out.accept("💾 Backed up the existing database to: " + backup);
        return create(database, backup, out);
      case NOT_SQLITE:
      default:
        if (!force) {
          throw new TrackerException(
              database
                  + " exists but is not a SQLite database (it lacks SQLite's header). Nothing was"
                  + " changed. Re-run with --force to move it aside (it is kept as "
                  + database.getFileName()
                  + ".backup-<time>) and create a new database, or choose another --path");
        }
        return create(database, moveAside(database, out), out);
    }
  }

  private static InitResult create(Path database, Path backup, Consumer<String> out) {
    SqliteFile.prepare(database);
    out.accept("📦 Initializing new database at: " + database);
    out.accept("");
    Schema.Report report;
    try (Connection c =
        SqliteFile.open(database, INIT_BUSY_TIMEOUT_MILLIS, Durability.CRASH_SAFE, false)) {
      Schema.check(c, database);
      SqliteFile.useWal(c, database);
      report = Schema.migrate(c, database);
    } catch (SQLException e) {
      throw SqliteErrors.translate(
          e, database, "initialize the database", INIT_BUSY_TIMEOUT_MILLIS);
    }
    for (String table : report.createdTables()) {
      out.accept("✓ Created table: " + table);
    }
    if (report.createdIndexes() > 0) {
      out.accept("✓ Created indexes");
    }
    out.accept("");
    out.accept("✓ Database initialized successfully!");
    return new InitResult(
        backup == null ? InitResult.Outcome.CREATED : InitResult.Outcome.REINITIALIZED,
        database,
        backup,
        report.toVersion());
  }

  private record Summary(int version, long jobs, long datasets, long runs) {}

  private static Summary summarize(Path database) {
    try (Connection c =
        SqliteFile.open(database, INIT_BUSY_TIMEOUT_MILLIS, Durability.CRASH_SAFE, true)) {
      Set<String> tables = Schema.tables(c);
      return new Summary(
          Schema.version(c),
          count(c, tables, "jobs"),
          count(c, tables, "datasets"),
          count(c, tables, "runs"));
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, database, "read the database", INIT_BUSY_TIMEOUT_MILLIS);
    }
  }

  private static long count(Connection c, Set<String> tables, String table) throws SQLException {
    if (!tables.contains(table)) {
      return 0;
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static void reportExisting(Path database, Summary summary, Consumer<String> out) {
    out.accept("✓ Database already exists at: " + database);
    String version = "schema version " + summary.version;
    if (summary.version < SCHEMA_VERSION) {
      version +=
          " (upgraded in place to version " + SCHEMA_VERSION + " when a command next opens it)";
    } else if (summary.version > SCHEMA_VERSION) {
      version += " (newer than this finetune understands: " + SCHEMA_VERSION + ")";
    }
    out.accept(
        "  "
            + version
            + "; "
            + summary.jobs
            + " jobs, "
            + summary.datasets
            + " datasets, "
            + summary.runs
            + " generation runs");
    out.accept(
        "  Nothing was changed. Use --force to re-initialize it (the current file is backed up"
            + " first).");
  }

  /** Copies the database with SQLite (WAL content included), then empties it in one transaction. */
  private static void copyAndClear(Path database, Path backup) {
    try (Connection c =
        SqliteFile.open(database, INIT_BUSY_TIMEOUT_MILLIS, Durability.CRASH_SAFE, false)) {
      try (PreparedStatement vacuum = c.prepareStatement("VACUUM INTO ?")) {
        vacuum.setString(1, backup.toString());
        vacuum.executeUpdate();
      }
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA foreign_keys = OFF");
      }
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String view : names(c, "view")) {
          s.execute("DROP VIEW \"" + view.replace("\"", "\"\"") + "\"");
        }
        for (String table : Schema.tables(c)) {
          s.execute("DROP TABLE \"" + table.replace("\"", "\"\"") + "\"");
        }
        s.execute("PRAGMA user_version = 0");
        s.execute("PRAGMA application_id = 0");
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("VACUUM"); // give the space back: the old rows live on in the backup
      }
    } catch (SQLException e) {
      throw SqliteErrors.translate(
          e,
          database,
          "back up and clear the database (backup: " + backup + ")",
          INIT_BUSY_TIMEOUT_MILLIS);
    }
  }

  private static List<String> names(Connection c, String type) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%'")) {
      ps.setString(1, type);
      try (ResultSet rs = ps.executeQuery()) {
        List<String> names = new java.util.ArrayList<>();
        while (rs.next()) {
          names.add(rs.getString(1));
        }
        return names;
      }
    }
  }

  /** Renames a file SQLite cannot read (and its journal files) to the backup name. */
  private static Path moveAside(Path database, Consumer<String> out) {
    Path backup = backupPath(database);
    try {
      Files.move(database, backup);
      for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
        Path sibling = database.resolveSibling(database.getFileName() + suffix);
        if (Files.exists(sibling)) {
          Files.move(sibling, backup.resolveSibling(backup.getFileName() + suffix));
        }
      }
    } catch (IOException e) {
      throw new TrackerException(
          "cannot move "
              + database
              + " aside to "
              + backup
              + ": "
              + e.getMessage()
              + "; move it yourself, then run db init again",
          e,
          false);
    }
    out.accept("💾 Moved the unreadable file aside to: " + backup);
    return backup;
  }

  private static Path backupPath(Path database) {
    String base = database.getFileName() + ".backup-" + LocalDateTime.now().format(BACKUP_TIME);
    Path candidate = database.resolveSibling(base);
    for (int n = 2; Files.exists(candidate); n++) {
      candidate = database.resolveSibling(base + "-" + n);
    }
    return candidate;
  }
}
