package app.polychat.finetune.sqlite.internal;

import app.polychat.finetune.track.TrackerException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The database layout and its ordered migrations. The version lives in {@code PRAGMA user_version};
 * each migration runs in its own write transaction that also bumps the version, so a crash in the
 * middle leaves the previous version intact, and two processes opening an old file at once upgrade
 * it once. Nothing is ever dropped: an older database is upgraded in place, and a newer one is
 * refused untouched.
 *
 * <ol>
 *   <li>The original toolkit's two tables, {@code jobs} and {@code datasets}. A database the
 *       original toolkit made has these tables and {@code user_version} 0; it is adopted as version
 *       1 (and any column it lacks is added).
 *   <li>Generation runs, their journal ({@code examples}), job status history ({@code job_events})
 *       and the lineage columns: {@code datasets.dataset_id}, {@code datasets.run_id}, {@code
 *       datasets.content_hash}, {@code datasets.format_id}, {@code jobs.dataset_id}.
 *   <li>Run checkpoints ({@code run_checkpoints}): short named values a source keeps per run, such
 *       as the ARN of a batch-inference job it submitted, so a rerun re-attaches to it.
 *   <li>{@code examples.asks}: how many runs asked the teacher for each request, which caps how
 *       often a rerun asks again for a failure. Entries written before count as asked once.
 * </ol>
 */
public final class Schema {
  /** The version this code writes. */
  public static final int LATEST_VERSION = 4;

  /** {@code PRAGMA application_id} of finetune databases ("FTDB"). */
  public static final int APPLICATION_ID = 0x46544442;

  /** What a migration run did, for {@code db init}'s report. */
  public record Report(
      int fromVersion, int toVersion, List<String> createdTables, int createdIndexes) {
    public Report {
      createdTables = List.copyOf(createdTables);
    }
  }

  private interface Step {
    void apply(Statement statement) throws SQLException;
  }

  private record Migration(int version, String description, Step step) {}

  private static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(1, "jobs and datasets", Schema::version1),
          new Migration(2, "runs, journal, job history and lineage", Schema::version2),
          new Migration(3, "run checkpoints", Schema::version3),
          new Migration(4, "asks per journaled request", Schema::version4));

  private Schema() {}

  /** The version recorded in the file (0 for a new or foreign one). */
  public static int version(Connection connection) throws SQLException {
    return intPragma(connection, "user_version");
  }

  /**
   * Brings the database to {@link #LATEST_VERSION}.
   *
   * @throws TrackerException when the file is newer than this code or belongs to another
   *     application
   */
  public static Report migrate(Connection connection, Path database) throws SQLException {
    Set<String> tablesBefore = tables(connection);
    int indexesBefore = indexes(connection).size();
    int from = version(connection);
    check(connection, database);
    for (Migration migration : MIGRATIONS) {
      if (migration.version() > from) {
        apply(connection, migration);
      }
    }
    List<String> created = new ArrayList<>(tables(connection));
    created.removeAll(tablesBefore);
    int createdIndexes = indexes(connection).size() - indexesBefore;
    return new Report(from, version(connection), created, createdIndexes);
  }

  /**
   * Refuses, without writing anything, a file newer than this code or one that belongs to another
   * application.
   */
  public static void check(Connection connection, Path database) throws SQLException {
    int version = version(connection);
    Set<String> tables = tables(connection);
    if (version > LATEST_VERSION) {
      throw new TrackerException(
          database
              + " has schema version "
              + version
              + ", newer than this finetune version understands ("
              + LATEST_VERSION
              + "); it was not changed. Upgrade finetune to use it");
    }
    int applicationId = intPragma(connection, "application_id");
    boolean foreign =
        (applicationId != 0 && applicationId != APPLICATION_ID)
            || (version == 0
                && !tables.isEmpty()
                && !tables.contains("jobs")
                && !tables.contains("datasets"));
    if (foreign) {
      throw new TrackerException(
          database
              + " is a SQLite database of another application (tables: "
              + String.join(", ", tables)
              + "); it was not changed. Choose another path for the finetune database");
    }
  }

  private static void apply(Connection connection, Migration migration) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false); // BEGIN IMMEDIATE: takes the write lock before reading
    try (Statement statement = connection.createStatement()) {
      // another process may have upgraded the file while this one waited for the lock
      if (version(connection) < migration.version()) {
        migration.step().apply(statement);
        statement.execute("PRAGMA user_version = " + migration.version());
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static void version1(Statement s) throws SQLException {
    s.execute(
        """
        CREATE TABLE IF NOT EXISTS jobs (
          id                 INTEGER PRIMARY KEY AUTOINCREMENT,
          job_arn            TEXT NOT NULL UNIQUE,
          job_name           TEXT,
          base_model         TEXT,
          custom_model_name  TEXT,
          customization_type TEXT,
          status             TEXT NOT NULL,
          created_at         TEXT NOT NULL,
          updated_at         TEXT NOT NULL,
          metadata           TEXT NOT NULL DEFAULT '{}'
        )""");
    s.execute(
        """
        CREATE TABLE IF NOT EXISTS datasets (
          id                INTEGER PRIMARY KEY AUTOINCREMENT,
          project           TEXT,
          train_path        TEXT,
          validation_path   TEXT,
          train_s3_uri      TEXT,
          validation_s3_uri TEXT,
          train_count       INTEGER NOT NULL DEFAULT 0,
          validation_count  INTEGER NOT NULL DEFAULT 0,
          created_at        TEXT NOT NULL,
          metadata          TEXT NOT NULL DEFAULT '{}'
        )""");
    // a database from the original toolkit may lack some of these columns
    addColumnIfMissing(s, "jobs", "job_name", "TEXT");
    addColumnIfMissing(s, "jobs", "base_model", "TEXT");
    addColumnIfMissing(s, "jobs", "custom_model_name", "TEXT");
    addColumnIfMissing(s, "jobs", "customization_type", "TEXT");
    addColumnIfMissing(s, "jobs", "status", "TEXT");
    addColumnIfMissing(s, "jobs", "created_at", "TEXT");
    addColumnIfMissing(s, "jobs", "updated_at", "TEXT");
    addColumnIfMissing(s, "jobs", "metadata", "TEXT NOT NULL DEFAULT '{}'");
    addColumnIfMissing(s, "datasets", "project", "TEXT");
    addColumnIfMissing(s, "datasets", "train_path", "TEXT");
    addColumnIfMissing(s, "datasets", "validation_path", "TEXT");
    addColumnIfMissing(s, "datasets", "train_s3_uri", "TEXT");
    addColumnIfMissing(s, "datasets", "validation_s3_uri", "TEXT");
    addColumnIfMissing(s, "datasets", "train_count", "INTEGER NOT NULL DEFAULT 0");
    addColumnIfMissing(s, "datasets", "validation_count", "INTEGER NOT NULL DEFAULT 0");
    addColumnIfMissing(s, "datasets", "created_at", "TEXT");
    addColumnIfMissing(s, "datasets", "metadata", "TEXT NOT NULL DEFAULT '{}'");
    s.execute("CREATE INDEX IF NOT EXISTS idx_jobs_status ON jobs(status)");
    s.execute("CREATE INDEX IF NOT EXISTS idx_jobs_created_at ON jobs(created_at)");
    s.execute("CREATE INDEX IF NOT EXISTS idx_datasets_project ON datasets(project)");
    s.execute("CREATE INDEX IF NOT EXISTS idx_datasets_created_at ON datasets(created_at)");
  }

  private static void version2(Statement s) throws SQLException {
    s.execute(
        """
        CREATE TABLE runs (
          id                 INTEGER PRIMARY KEY AUTOINCREMENT,
          run_id             TEXT NOT NULL UNIQUE,
          plan_hash          TEXT NOT NULL,
          prompt_config_hash TEXT,
          source             TEXT NOT NULL,
          teacher_model      TEXT,
          planned_count      INTEGER NOT NULL,
          options            TEXT NOT NULL DEFAULT '{}',
          created_at         TEXT NOT NULL
        )""");
    s.execute(
        """
        CREATE TABLE examples (
          id            INTEGER PRIMARY KEY,
          run_id        TEXT NOT NULL REFERENCES runs(run_id),
          request_id    TEXT NOT NULL,
          plan_index    INTEGER NOT NULL,
          status        TEXT NOT NULL CHECK (status IN ('done', 'failed', 'dropped')),
          example       TEXT,
          reason        TEXT,
          attempts      INTEGER NOT NULL,
          latency_ms    REAL,
          input_tokens  INTEGER,
          output_tokens INTEGER,
          recorded_at   TEXT NOT NULL,
          UNIQUE (run_id, request_id)
        )""");
    s.execute(
        """
        CREATE TABLE job_events (
          id               INTEGER PRIMARY KEY,
          job_arn          TEXT NOT NULL,
          recorded_at      TEXT NOT NULL,
          status           TEXT NOT NULL,
          stages           TEXT NOT NULL DEFAULT '[]',
          failure_message  TEXT,
          output_model_arn TEXT,
          training_loss    REAL,
          validation_loss  REAL,
          job_created_at   TEXT,
          job_updated_at   TEXT,
          job_ended_at     TEXT
        )""");
    addColumnIfMissing(s, "datasets", "dataset_id", "TEXT");
    addColumnIfMissing(s, "datasets", "run_id", "TEXT");
    addColumnIfMissing(s, "datasets", "content_hash", "TEXT");
    addColumnIfMissing(
        s, "datasets", "format_id", "TEXT NOT NULL DEFAULT 'bedrock-conversation-2024'");
    addColumnIfMissing(s, "jobs", "dataset_id", "TEXT");
    // datasets of version 1 had only a number; they keep it as their id
    s.execute("UPDATE datasets SET dataset_id = 'ds-' || id WHERE dataset_id IS NULL");
    s.execute("CREATE UNIQUE INDEX ux_datasets_dataset_id ON datasets(dataset_id)");
    s.execute("CREATE INDEX idx_datasets_run_id ON datasets(run_id)");
    s.execute("CREATE INDEX idx_datasets_train_s3_uri ON datasets(train_s3_uri)");
    s.execute("CREATE INDEX idx_jobs_job_name ON jobs(job_name)");
    s.execute("CREATE INDEX idx_jobs_dataset_id ON jobs(dataset_id)");
    s.execute("CREATE INDEX idx_runs_plan_hash ON runs(plan_hash, created_at)");
    s.execute("CREATE INDEX idx_job_events_job_arn ON job_events(job_arn, id)");
    s.execute("PRAGMA application_id = " + APPLICATION_ID);
  }

  private static void version3(Statement s) throws SQLException {
    s.execute(
        """
        CREATE TABLE run_checkpoints (
          run_id      TEXT NOT NULL REFERENCES runs(run_id),
          key         TEXT NOT NULL,
          value       TEXT NOT NULL,
          recorded_at TEXT NOT NULL,
          PRIMARY KEY (run_id, key)
        )""");
  }

  private static void version4(Statement s) throws SQLException {
    addColumnIfMissing(s, "examples", "asks", "INTEGER NOT NULL DEFAULT 1");
  }

  private static void addColumnIfMissing(Statement s, String table, String column, String type)
      throws SQLException {
    if (!columns(s, table).contains(column)) {
      s.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
    }
  }

  private static Set<String> columns(Statement s, String table) throws SQLException {
    Set<String> columns = new LinkedHashSet<>();
    try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        columns.add(rs.getString("name"));
      }
    }
    return columns;
  }

  /** The application's tables in the order they were created. */
  public static Set<String> tables(Connection connection) throws SQLException {
    return names(connection, "table");
  }

  private static Set<String> indexes(Connection connection) throws SQLException {
    return names(connection, "index");
  }

  private static Set<String> names(Connection connection, String type) throws SQLException {
    Set<String> names = new LinkedHashSet<>();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = '"
                    + type
                    + "' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static int intPragma(Connection connection, String pragma) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }
}
