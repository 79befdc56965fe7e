package app.polychat.finetune.sqlite;

import app.polychat.finetune.format.ExampleJson;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.sqlite.internal.Rows;
import app.polychat.finetune.sqlite.internal.Schema;
import app.polychat.finetune.sqlite.internal.SqliteErrors;
import app.polychat.finetune.sqlite.internal.SqliteFile;
import app.polychat.finetune.sqlite.internal.Values;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.track.JobEvent;
import app.polychat.finetune.track.JobRecord;
import app.polychat.finetune.track.JournalEntry;
import app.polychat.finetune.track.JournalState;
import app.polychat.finetune.track.JournalStatus;
import app.polychat.finetune.track.Lineage;
import app.polychat.finetune.track.RunRecord;
import app.polychat.finetune.track.RunSpec;
import app.polychat.finetune.track.RunTracker;
import app.polychat.finetune.track.TrackedValues;
import app.polychat.finetune.track.TrackerException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A {@link RunTracker} that keeps the toolkit's history in a SQLite file ({@code
 * ./datasets/.finetune.db} by default): generation runs and their journal, datasets, jobs and their
 * status history, and the links between them.
 *
 * <p>The file is made on first use (parent folders too) and upgraded in place when an older version
 * of the toolkit made it; a newer file, a file of another application or a file that is not SQLite
 * is refused with a message naming it, and left as it is. The database runs in WAL mode with a busy
 * timeout, so another process (a {@code job watch} while {@code dataset generate} runs) can read
 * and write it at the same time. Each {@link #journal journaled} entry is its own transaction and
 * is durable when the call returns; {@link Durability} says against which crashes.
 *
 * <p>Thread-safe: one connection serves all threads in turn (SQLite writes one transaction at a
 * time anyway); {@link #forEachJournalEntry} streams on a connection of its own, so its action may
 * use the tracker. Secrets in source descriptions and metadata are masked, and failure reasons are
 * redacted, before they reach the file.
 *
 * <pre>{@code
 * try (SqliteRunTracker tracker = SqliteRunTracker.open(Path.of("datasets/.finetune.db"))) {
 *   RunRecord run = tracker.latestRun(planHash).orElseGet(() -> tracker.startRun(spec));
 *   tracker.journal(run.runId(), entry);
 * }
 * }</pre>
 */
public final class SqliteRunTracker implements RunTracker {
  /**
   * Where the toolkit keeps its database unless told otherwise: {@code ./datasets/.finetune.db}.
   */
  public static final Path DEFAULT_PATH = Path.of("./datasets/.finetune.db");

  /** How long a call waits for another process's transaction before it gives up: 10 seconds. */
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

  private static final String JOURNAL_UPSERT =
      "INSERT INTO examples (run_id, "
          + Rows.JOURNAL_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (run_id, request_id) DO UPDATE SET plan_index = excluded.plan_index,"
          + " status = excluded.status, example = excluded.example, reason = excluded.reason,"
          + " attempts = excluded.attempts, latency_ms = excluded.latency_ms,"
          + " input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,"
          + " recorded_at = excluded.recorded_at, asks = excluded.asks";

  private final Path database;
  private final long busyTimeoutMillis;
  private final Durability durability;
  private final ReentrantLock lock = new ReentrantLock();
  private final Connection connection;
  private final PreparedStatement journalStatement;
  private final int schemaVersion;
  private volatile boolean closed;

  private SqliteRunTracker(Builder builder) {
    this.database = SqliteFile.prepare(builder.path);
    this.busyTimeoutMillis = builder.busyTimeout.toMillis();
    this.durability = builder.durability;
    Connection opened = null;
    try {
      opened = SqliteFile.open(database, busyTimeoutMillis, durability, false);
      Schema.check(opened, database);
      SqliteFile.useWal(opened, database);
      this.schemaVersion = Schema.migrate(opened, database).toVersion();
      this.journalStatement = opened.prepareStatement(JOURNAL_UPSERT);
      this.connection = opened;
    } catch (SQLException e) {
      closeQuietly(opened);
      throw SqliteErrors.translate(e, database, "open the database", busyTimeoutMillis);
    } catch (RuntimeException e) {
      closeQuietly(opened);
      throw e;
    }
  }

  /**
   * Opens (creating or upgrading when needed) the database at the path, with the defaults.
   *
   * @param path the database file; missing folders are created
   * @return the open tracker; close it when done
   */
  public static SqliteRunTracker open(Path path) {
    return builder().path(path).build();
  }

  /**
   * Opens the database at {@link #DEFAULT_PATH}.
   *
   * @return the open tracker; close it when done
   */
  public static SqliteRunTracker openDefault() {
    return builder().build();
  }

  /**
   * Settings for a tracker: path, busy timeout, durability.
   *
   * @return a builder with the defaults (path {@code ./datasets/.finetune.db}, 10 s busy timeout,
   *     crash-safe commits)
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The database file, as an absolute path.
   *
   * @return the absolute, normalized path of the database file
   */
  public Path path() {
    return database;
  }

  /**
   * The schema version of the file (the latest this code knows, once opened).
   *
   * @return the schema version number, never below 1 once the tracker is open
   */
  public int schemaVersion() {
    return schemaVersion;
  }

  /**
   * The durability level of each commit.
   *
   * @return how much a commit survives: a process crash, or a power loss as well
   */
  public Durability durability() {
    return durability;
  }

  // ------------------------------------------------------------------------------------ runs

  @Override
  public RunRecord startRun(RunSpec spec) {
    Objects.requireNonNull(spec, "spec");
    RunSpec safe = TrackedValues.redact(spec);
    return write(
        "start a generation run",
        c -> {
          long number = nextNumber(c, "runs", "run_id", "run-");
          RunRecord run = new RunRecord("run-" + number, safe, Instant.now());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO runs (id, "
                      + Rows.RUN_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, number);
            ps.setString(2, run.runId());
            ps.setString(3, safe.planHash());
            ps.setString(4, safe.promptConfigHash());
            ps.setString(5, safe.source());
            ps.setString(6, safe.teacherModel());
            ps.setInt(7, safe.plannedCount());
            ps.setString(8, Values.settingsJson(safe.settings()));
            Values.setTime(ps, 9, run.createdAt());
            ps.executeUpdate();
          }
          return run;
        });
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    Objects.requireNonNull(runId, "runId");
    return read("read run '" + runId + "'", c -> findRun(c, runId));
  }

  @Override
  public Optional<RunRecord> latestRun(String planHash) {
    Objects.requireNonNull(planHash, "planHash");
    return read(
        "find the latest run of a plan",
        c ->
            first(
                c,
                "SELECT "
                    + Rows.RUN_COLUMNS
                    + " FROM runs WHERE plan_hash = ?"
                    + " ORDER BY created_at DESC, id DESC LIMIT 1",
                rs -> Rows.run(rs, database),
                planHash));
  }

  // ---------------------------------------------------------------------------------- journal

  @Override
  public void journal(String runId, JournalEntry entry) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(entry, "entry");
    JournalEntry safe = TrackedValues.redact(entry);
    // serialized before taking the lock, so threads format their examples in parallel
    String example = safe.example() == null ? null : ExampleJson.write(safe.example());
    read(
        "journal request '" + safe.requestId() + "'",
        c -> {
          PreparedStatement ps = journalStatement;
          ps.setString(1, runId);
          ps.setString(2, safe.requestId());
          ps.setInt(3, safe.planIndex());
          ps.setString(4, Rows.statusText(safe.status()));
          ps.setString(5, example);
          ps.setString(6, safe.reason());
          ps.setInt(7, safe.attempts());
          Values.setMillis(ps, 8, safe.latency());
          Values.setInteger(ps, 9, safe.inputTokens());
          Values.setInteger(ps, 10, safe.outputTokens());
          Values.setTime(ps, 11, safe.recordedAt());
          ps.setInt(12, safe.asks());
          try {
            ps.executeUpdate(); // autocommit: one transaction, committed when this returns
          } catch (SQLException e) {
            if (SqliteErrors.isForeignKeyViolation(e)) {
              throw TrackedValues.unknownRun(runId);
            }
            throw e;
          }
          return null;
        });
  }

  @Override
  public Map<String, JournalStatus> journalStatuses(String runId) {
    Objects.requireNonNull(runId, "runId");
    return read(
        "read the journal of run '" + runId + "'",
        c -> {
          Map<String, JournalStatus> statuses = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement("SELECT request_id, status FROM examples WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                statuses.put(
                    rs.getString(1),
                    JournalStatus.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)));
              }
            }
          }
          return statuses;
        });
  }

  @Override
  public Map<String, JournalState> journalStates(String runId) {
    Objects.requireNonNull(runId, "runId");
    return read(
        "read the journal of run '" + runId + "'",
        c -> {
          Map<String, JournalState> states = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT request_id, status, asks FROM examples WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                states.put(
                    rs.getString(1),
                    new JournalState(
                        JournalStatus.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                        rs.getInt(3)));
              }
            }
          }
          return states;
        });
  }

  /**
   * Takes the database's write lock and lets it go at once ({@code BEGIN IMMEDIATE; ROLLBACK}),
   * waiting up to the busy timeout: it fails, writing nothing, when the file or its folder is
   * read-only or another process holds the lock. Then checks the room left on the database's disk.
   */
  @Override
  public void checkWritable(long bytesToWrite) {
    read(
        "write to the database",
        c -> {
          try (Statement s = c.createStatement()) {
            c.setAutoCommit(false); // BEGIN IMMEDIATE (see SqliteFile)
            // a write that changes nothing, so a read-only file is found as well as a lock
            s.execute("UPDATE runs SET id = id WHERE 0");
          } finally {
            rollbackQuietly(c);
            restoreAutoCommit(c);
          }
          return null;
        });
    long free;
    try {
      free = java.nio.file.Files.getFileStore(database).getUsableSpace();
    } catch (java.io.IOException e) {
      return; // the store cannot say; SQLITE_FULL is still reported as a full disk
    }
    if (free < bytesToWrite) {
      throw new TrackerException(
          String.format(
              java.util.Locale.ROOT,
              "the disk holding the database %s is full, or nearly: %,.1f MiB free, and the"
                  + " journal needs about %,.1f MiB; free some space or put the database elsewhere"
                  + " (FINETUNE_DB)",
              database,
              free / 1048576.0,
              bytesToWrite / 1048576.0),
          null,
          false);
    }
  }

  @Override
  public void forEachJournalEntry(String runId, Consumer<JournalEntry> action) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(action, "action");
    ensureOpen();
    // A connection of its own, in one read transaction: the rows come from one snapshot while
    // the action runs, and the action may journal through the main connection meanwhile. The
    // journal has no plan-order index (it would cost every journaled example one more page
    // write), so the row ids are sorted first (8 bytes per entry, never the examples), then each
    // row is read by its id.
    try (Connection reader = SqliteFile.open(database, busyTimeoutMillis, durability, true)) {
      reader.setAutoCommit(false);
      long[] ids = journalIdsInPlanOrder(reader, runId);
      try (PreparedStatement ps =
          reader.prepareStatement(
              "SELECT " + Rows.JOURNAL_COLUMNS + " FROM examples WHERE id = ?")) {
        for (long id : ids) {
          ps.setLong(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              action.accept(Rows.journalEntry(rs, database));
            }
          }
        }
      }
      reader.rollback(); // nothing was written: just ends the read transaction
    } catch (SQLException e) {
      throw SqliteErrors.translate(
          e, database, "read the journal of run '" + runId + "'", busyTimeoutMillis);
    }
  }

  // --------------------------------------------------------------------------------- datasets

  // ------------------------------------------------------------------------------ checkpoints

  @Override
  public void recordCheckpoint(String runId, String key, String value) {
    Objects.requireNonNull(runId, "runId");
    String safe = TrackedValues.checkpointValue(key, value);
    read(
        "record checkpoint '" + key + "' of run '" + runId + "'",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO run_checkpoints (run_id, key, value, recorded_at)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET"
                      + " value = excluded.value, recorded_at = excluded.recorded_at")) {
            ps.setString(1, runId);
            ps.setString(2, key);
            ps.setString(3, safe);
            Values.setTime(ps, 4, Instant.now());
            ps.executeUpdate(); // autocommit: durable when this returns
          } catch (SQLException e) {
            if (SqliteErrors.isForeignKeyViolation(e)) {
              throw TrackedValues.unknownRun(runId);
            }
            throw e;
          }
          return null;
        });
  }

  @Override
  public Map<String, String> checkpoints(String runId) {
    Objects.requireNonNull(runId, "runId");
    return read(
        "read the checkpoints of run '" + runId + "'",
        c -> {
          Map<String, String> values = new java.util.TreeMap<>();
          try (PreparedStatement ps =
              c.prepareStatement("SELECT key, value FROM run_checkpoints WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                values.put(rs.getString(1), rs.getString(2));
              }
            }
          }
          return values;
        });
  }

  @Override
  public DatasetRecord recordDataset(DatasetRecord dataset) {
    Objects.requireNonNull(dataset, "dataset");
    return write(
        "record a dataset",
        c -> {
          Optional<DatasetRecord> existing =
              dataset.datasetId() == null ? Optional.empty() : findDataset(c, dataset.datasetId());
          Long number = null;
          String id = dataset.datasetId();
          if (id == null) {
            number = nextNumber(c, "datasets", "dataset_id", "ds-");
            id = "ds-" + number;
          }
          Instant createdAt =
              dataset.createdAt() != null
                  ? dataset.createdAt()
                  : existing.map(DatasetRecord::createdAt).orElseGet(Instant::now);
          DatasetRecord stored = TrackedValues.redact(dataset.withId(id, createdAt));
          String sql =
              existing.isPresent()
                  ? "UPDATE datasets SET project = ?, run_id = ?, train_path = ?,"
                      + " validation_path = ?, train_s3_uri = ?, validation_s3_uri = ?,"
                      + " train_count = ?, validation_count = ?, content_hash = ?, format_id = ?,"
                      + " created_at = ?, metadata = ? WHERE dataset_id = ?"
                  : "INSERT INTO datasets (project, run_id, train_path, validation_path,"
                      + " train_s3_uri, validation_s3_uri, train_count, validation_count,"
                      + " content_hash, format_id, created_at, metadata, dataset_id, id)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, stored.project());
            ps.setString(2, stored.runId());
            ps.setString(3, stored.trainPath());
            ps.setString(4, stored.validationPath());
            ps.setString(5, stored.trainUri());
            ps.setString(6, stored.validationUri());
            ps.setLong(7, stored.trainCount());
            ps.setLong(8, stored.validationCount());
            ps.setString(9, stored.contentHash());
            ps.setString(10, stored.formatId());
            Values.setTime(ps, 11, stored.createdAt());
            ps.setString(12, Values.json(stored.metadata()));
            ps.setString(13, stored.datasetId());
            if (existing.isEmpty()) {
              ps.setObject(14, number); // null: SQLite picks the row number
            }
            ps.executeUpdate();
          }
          return stored;
        });
  }

  @Override
  public Optional<DatasetRecord> dataset(String datasetId) {
    Objects.requireNonNull(datasetId, "datasetId");
    return read("read dataset '" + datasetId + "'", c -> findDataset(c, datasetId));
  }

  @Override
  public List<DatasetRecord> datasets(int limit) {
    requireLimit(limit);
    return read(
        "list datasets",
        c ->
            all(
                c,
                "SELECT "
                    + Rows.DATASET_COLUMNS
                    + " FROM datasets"
                    + " ORDER BY created_at DESC, id DESC LIMIT ?",
                rs -> Rows.dataset(rs, database),
                limit));
  }

  // ------------------------------------------------------------------------------------- jobs

  @Override
  public void recordJob(JobRecord job) {
    Objects.requireNonNull(job, "job");
    write(
        "record job '" + job.jobId() + "'",
        c -> {
          Optional<JobRecord> existing = findJobById(c, job.jobId());
          Instant now = Instant.now();
          Instant createdAt =
              job.createdAt() != null
                  ? job.createdAt()
                  : existing.map(JobRecord::createdAt).orElse(now);
          Instant updatedAt = job.updatedAt() != null ? job.updatedAt() : now;
          saveJob(c, TrackedValues.redact(job, createdAt, updatedAt), existing.isPresent());
          return null;
        });
  }

  @Override
  public void recordJobStatus(JobStatus status) {
    Objects.requireNonNull(status, "status");
    JobStatus safe = TrackedValues.redact(status);
    write(
        "record the status of job '" + safe.jobId() + "'",
        c -> {
          Instant now = Instant.now();
          Optional<JobRecord> existing = findJobById(c, safe.jobId());
          JobRecord base = existing.orElseGet(() -> TrackedValues.jobFromStatus(safe, now));
          JobStatus last = lastEvent(c, safe.jobId()).map(JobEvent::status).orElse(null);
          boolean changed = TrackedValues.changed(last, safe);
          if (changed) {
            insertEvent(c, new JobEvent(safe.jobId(), now, safe));
          }
          Instant updatedAt = changed || base.updatedAt() == null ? now : base.updatedAt();
          saveJob(c, TrackedValues.applyStatus(base, safe, updatedAt), existing.isPresent());
          return null;
        });
  }

  @Override
  public Optional<JobRecord> job(String jobIdOrName) {
    Objects.requireNonNull(jobIdOrName, "jobIdOrName");
    return read("read job '" + jobIdOrName + "'", c -> findJob(c, jobIdOrName));
  }

  @Override
  public List<JobRecord> jobs(int limit) {
    requireLimit(limit);
    return read(
        "list jobs",
        c ->
            all(
                c,
                "SELECT "
                    + Rows.JOB_COLUMNS
                    + " FROM jobs ORDER BY created_at DESC, id DESC LIMIT ?",
                rs -> Rows.job(rs, database),
                limit));
  }

  @Override
  public List<JobEvent> jobEvents(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    return read(
        "read the history of job '" + jobId + "'",
        c ->
            all(
                c,
                "SELECT " + Rows.EVENT_COLUMNS + " FROM job_events WHERE job_arn = ? ORDER BY id",
                rs -> Rows.event(rs, database),
                jobId));
  }

  @Override
  public Optional<Lineage> lineage(String jobIdOrName) {
    Objects.requireNonNull(jobIdOrName, "jobIdOrName");
    return read(
        "trace the lineage of job '" + jobIdOrName + "'",
        c -> {
          Optional<JobRecord> job = findJob(c, jobIdOrName);
          if (job.isEmpty()) {
            return Optional.empty();
          }
          DatasetRecord dataset = datasetOf(c, job.get()).orElse(null);
          RunRecord run =
              dataset == null || dataset.runId() == null
                  ? null
                  : findRun(c, dataset.runId()).orElse(null);
          return Optional.of(new Lineage(job.get(), dataset, run));
        });
  }

  // ---------------------------------------------------------------------------------- closing

  /** Closes the connection. Further calls fail; closing twice does nothing. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try (Statement s = connection.createStatement()) {
        s.execute("PRAGMA optimize"); // keeps the query planner's statistics fresh, cheaply
      } catch (SQLException ignored) {
        // optional housekeeping: a busy database is not a reason to fail close()
      }
      closeQuietly(journalStatement);
      closeQuietly(connection);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "SqliteRunTracker{path=" + database + ", durability=" + durability + "}";
  }

  // ---------------------------------------------------------------------------------- helpers

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Runs work on the shared connection in autocommit mode (each statement its own transaction). */
  private <T> T read(String action, Work<T> work) {
    lock.lock();
    try {
      ensureOpen();
      return work.run(connection);
    } catch (SQLException e) {
      throw SqliteErrors.translate(e, database, action, busyTimeoutMillis);
    } finally {
      lock.unlock();
    }
  }

  /** Runs work in one write transaction that takes SQLite's write lock at its start. */
  private <T> T write(String action, Work<T> work) {
    return read(
        action,
        c -> {
          try {
            c.setAutoCommit(false); // BEGIN IMMEDIATE (see SqliteFile)
            T result = work.run(c);
            c.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
          } finally {
            restoreAutoCommit(c);
          }
        });
  }

  private void ensureOpen() {
    if (closed) {
      throw new TrackerException("the tracker on " + database + " is closed");
    }
  }

  private static long[] journalIdsInPlanOrder(Connection reader, String runId) throws SQLException {
    long[] ids = new long[64];
    int count = 0;
    try (PreparedStatement ps =
        reader.prepareStatement(
            "SELECT id FROM examples WHERE run_id = ? ORDER BY plan_index, request_id")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
          }
          ids[count++] = rs.getLong(1);
        }
      }
    }
    return Arrays.copyOf(ids, count);
  }

  /** The next free number for a generated id such as {@code run-7}, inside a write transaction. */
  private static long nextNumber(Connection c, String table, String idColumn, String prefix)
      throws SQLException {
    long number;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM " + table)) {
      number = rs.next() ? rs.getLong(1) : 1;
    }
    // a caller may have chosen an id that looks like ours; skip past it
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM " + table + " WHERE " + idColumn + " = ?")) {
      while (true) {
        ps.setString(1, prefix + number);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return number;
          }
        }
        number++;
      }
    }
  }

  private Optional<RunRecord> findRun(Connection c, String runId) throws SQLException {
    return first(
        c,
        "SELECT " + Rows.RUN_COLUMNS + " FROM runs WHERE run_id = ?",
        rs -> Rows.run(rs, database),
        runId);
  }

  private Optional<DatasetRecord> findDataset(Connection c, String datasetId) throws SQLException {
    return first(
        c,
        "SELECT " + Rows.DATASET_COLUMNS + " FROM datasets WHERE dataset_id = ?",
        rs -> Rows.dataset(rs, database),
        datasetId);
  }

  private Optional<DatasetRecord> datasetOf(Connection c, JobRecord job) throws SQLException {
    if (job.datasetId() != null) {
      return findDataset(c, job.datasetId());
    }
    String trainUri = job.metadata().get(TrackedValues.TRAIN_URI);
    if (trainUri == null) {
      return Optional.empty();
    }
    return first(
        c,
        "SELECT "
            + Rows.DATASET_COLUMNS
            + " FROM datasets WHERE train_s3_uri = ?"
            + " ORDER BY created_at DESC, id DESC LIMIT 1",
        rs -> Rows.dataset(rs, database),
        trainUri);
  }

  private Optional<JobRecord> findJobById(Connection c, String jobId) throws SQLException {
    return first(
        c,
        "SELECT " + Rows.JOB_COLUMNS + " FROM jobs WHERE job_arn = ?",
        rs -> Rows.job(rs, database),
        jobId);
  }

  private Optional<JobRecord> findJob(Connection c, String jobIdOrName) throws SQLException {
    Optional<JobRecord> byId = findJobById(c, jobIdOrName);
    if (byId.isPresent()) {
      return byId;
    }
    return first(
        c,
        "SELECT "
            + Rows.JOB_COLUMNS
            + " FROM jobs WHERE job_name = ?"
            + " ORDER BY created_at DESC, id DESC LIMIT 1",
        rs -> Rows.job(rs, database),
        jobIdOrName);
  }

  private void saveJob(Connection c, JobRecord job, boolean exists) throws SQLException {
    String sql =
        exists
            ? "UPDATE jobs SET job_name = ?, base_model = ?, custom_model_name = ?,"
                + " customization_type = ?, status = ?, dataset_id = ?, created_at = ?,"
                + " updated_at = ?, metadata = ? WHERE job_arn = ?"
            : "INSERT INTO jobs (job_name, base_model, custom_model_name, customization_type,"
                + " status, dataset_id, created_at, updated_at, metadata, job_arn)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, job.jobName());
      ps.setString(2, job.baseModel());
      ps.setString(3, job.customModelName());
      ps.setString(4, job.type() == null ? null : job.type().name());
      ps.setString(5, job.state().displayName());
      ps.setString(6, job.datasetId());
      // only a row another program wrote can lack these times
      Values.setTime(ps, 7, Objects.requireNonNullElseGet(job.createdAt(), Instant::now));
      Values.setTime(ps, 8, Objects.requireNonNullElseGet(job.updatedAt(), Instant::now));
      ps.setString(9, Values.json(job.metadata()));
      ps.setString(10, job.jobId());
      ps.executeUpdate();
    }
  }

  private Optional<JobEvent> lastEvent(Connection c, String jobId) throws SQLException {
    return first(
        c,
        "SELECT "
            + Rows.EVENT_COLUMNS
            + " FROM job_events WHERE job_arn = ?"
            + " ORDER BY id DESC LIMIT 1",
        rs -> Rows.event(rs, database),
        jobId);
  }

  private static void insertEvent(Connection c, JobEvent event) throws SQLException {
    JobStatus s = event.status();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO job_events ("
                + Rows.EVENT_COLUMNS
                + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, event.jobId());
      Values.setTime(ps, 2, event.recordedAt());
      ps.setString(3, s.state().displayName());
      ps.setString(4, Values.stagesJson(s.stages()));
      ps.setString(5, s.failureMessage());
      ps.setString(6, s.outputModelArn());
      Values.setDouble(ps, 7, s.trainingLoss());
      Values.setDouble(ps, 8, s.validationLoss());
      Values.setTime(ps, 9, s.createdAt());
      Values.setTime(ps, 10, s.updatedAt());
      Values.setTime(ps, 11, s.endedAt());
      ps.executeUpdate();
    }
  }

  private static <T> Optional<T> first(
      Connection c, String sql, RowReader<T> reader, Object... parameters) throws SQLException {
    List<T> rows = all(c, sql, reader, parameters);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private static <T> List<T> all(
      Connection c, String sql, RowReader<T> reader, Object... parameters) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        ps.setObject(i + 1, parameters[i]);
      }
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(reader.read(rs));
        }
      }
      return rows;
    }
  }

  private static void requireLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
  }

  /**
   * Back to one transaction per statement. When BEGIN itself failed (the database stayed locked),
   * the driver has already flipped its flag and there is no transaction to end: the error that says
   * so is expected, and the connection is usable again either way.
   */
  private static void restoreAutoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException ignored) {
      // "cannot commit - no transaction is active": nothing was begun
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the original failure is the one worth reporting
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception ignored) {
      // nothing useful to do when closing fails
    }
  }

  /**
   * Settings of a {@link SqliteRunTracker}. Every setting has a default; {@code
   * SqliteRunTracker.builder().build()} opens {@link #DEFAULT_PATH}.
   */
  public static final class Builder {
    private Path path = DEFAULT_PATH;
    private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
    private Durability durability = Durability.CRASH_SAFE;

    private Builder() {}

    /**
     * The database file (default {@code ./datasets/.finetune.db}); missing folders are created.
     *
     * @param path the database file, relative to the working directory or absolute
     * @return this builder
     */
    public Builder path(Path path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /**
     * How long a call waits while another process holds the write lock (default 10 s) before it
     * fails with a retryable {@link TrackerException}.
     *
     * @param busyTimeout the wait, from zero up to {@code Integer.MAX_VALUE} milliseconds
     * @return this builder
     * @throws IllegalArgumentException when the timeout is negative or too long
     */
    public Builder busyTimeout(Duration busyTimeout) {
      Objects.requireNonNull(busyTimeout, "busyTimeout");
      if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "busyTimeout must be between 0 and " + Integer.MAX_VALUE + " ms, was " + busyTimeout);
      }
      this.busyTimeout = busyTimeout;
      return this;
    }

    /**
     * Which crashes a commit survives (default {@link Durability#CRASH_SAFE}).
     *
     * @param durability the durability level of each commit
     * @return this builder
     */
    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /**
     * Opens the database, creating or upgrading it as needed.
     *
     * @return the open tracker, which the caller closes
     * @throws TrackerException when the file is not a usable finetune database (with its path)
     */
    public SqliteRunTracker build() {
      return new SqliteRunTracker(this);
    }
  }
}
