package app.polychat.finetune.sqlite.internal;

import static app.polychat.finetune.sqlite.internal.Values.instant;
import static app.polychat.finetune.sqlite.internal.Values.integer;
import static app.polychat.finetune.sqlite.internal.Values.real;

import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.format.ExampleJson;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.track.JobEvent;
import app.polychat.finetune.track.JobRecord;
import app.polychat.finetune.track.JournalEntry;
import app.polychat.finetune.track.JournalStatus;
import app.polychat.finetune.track.RunRecord;
import app.polychat.finetune.track.RunSpec;
import app.polychat.finetune.track.TrackerException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;

/**
 * Rows to records. A row that cannot be read (text another program wrote, a damaged value) becomes
 * a {@link TrackerException} naming the file, the table and the row.
 */
public final class Rows {
  public static final String RUN_COLUMNS =
      "run_id, plan_hash, prompt_config_hash, source, teacher_model, planned_count, options,"
          + " created_at";
  public static final String DATASET_COLUMNS =
      "dataset_id, project, run_id, train_path, validation_path, train_s3_uri, validation_s3_uri,"
          + " train_count, validation_count, content_hash, format_id, created_at, metadata";
  public static final String JOB_COLUMNS =
      "job_arn, job_name, base_model, custom_model_name, customization_type, status, dataset_id,"
          + " created_at, updated_at, metadata";
  public static final String JOURNAL_COLUMNS =
      "request_id, plan_index, status, example, reason, attempts, latency_ms, input_tokens,"
          + " output_tokens, recorded_at, asks";
  public static final String EVENT_COLUMNS =
      "job_arn, recorded_at, status, stages, failure_message, output_model_arn, training_loss,"
          + " validation_loss, job_created_at, job_updated_at, job_ended_at";

  private Rows() {}

  public static RunRecord run(ResultSet rs, Path database) throws SQLException {
    String runId = rs.getString("run_id");
    try {
      RunSpec spec =
          new RunSpec(
              rs.getString("plan_hash"),
              rs.getString("prompt_config_hash"),
              rs.getString("source"),
              rs.getString("teacher_model"),
              rs.getInt("planned_count"),
              Values.settings(rs.getString("options")));
      return new RunRecord(runId, spec, instant(rs, "created_at"));
    } catch (RuntimeException e) {
      throw unreadable(database, "runs", runId, e);
    }
  }

  public static DatasetRecord dataset(ResultSet rs, Path database) throws SQLException {
    String datasetId = rs.getString("dataset_id");
    try {
      return new DatasetRecord(
          datasetId,
          rs.getString("project"),
          rs.getString("run_id"),
          rs.getString("train_path"),
          rs.getString("validation_path"),
          rs.getString("train_s3_uri"),
          rs.getString("validation_s3_uri"),
          rs.getLong("train_count"),
          rs.getLong("validation_count"),
          rs.getString("content_hash"),
          rs.getString("format_id"),
          instant(rs, "created_at"),
          Values.map(rs.getString("metadata")));
    } catch (RuntimeException e) {
      throw unreadable(database, "datasets", datasetId, e);
    }
  }

  public static JobRecord job(ResultSet rs, Path database) throws SQLException {
    String jobId = rs.getString("job_arn");
    try {
      String type = rs.getString("customization_type");
      return new JobRecord(
          jobId,
          rs.getString("job_name"),
          rs.getString("base_model"),
          rs.getString("custom_model_name"),
          type == null ? null : CustomizationType.valueOf(type.toUpperCase(Locale.ROOT)),
          JobState.parse(rs.getString("status")),
          rs.getString("dataset_id"),
          instant(rs, "created_at"),
          instant(rs, "updated_at"),
          Values.map(rs.getString("metadata")));
    } catch (RuntimeException e) {
      throw unreadable(database, "jobs", jobId, e);
    }
  }

  public static JournalEntry journalEntry(ResultSet rs, Path database) throws SQLException {
    String requestId = rs.getString("request_id");
    try {
      String json = rs.getString("example");
      TrainingExample example = json == null ? null : ExampleJson.read(json);
      return new JournalEntry(
          requestId,
          rs.getInt("plan_index"),
          JournalStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
          example,
          rs.getString("reason"),
          rs.getInt("attempts"),
          Values.millis(rs, "latency_ms"),
          integer(rs, "input_tokens"),
          integer(rs, "output_tokens"),
          instant(rs, "recorded_at"),
          rs.getInt("asks"));
    } catch (RuntimeException e) {
      throw unreadable(database, "examples", requestId, e);
    }
  }

  public static JobEvent event(ResultSet rs, Path database) throws SQLException {
    String jobId = rs.getString("job_arn");
    try {
      JobStatus status =
          new JobStatus(
              jobId,
              null,
              JobState.parse(rs.getString("status")),
              Values.stages(rs.getString("stages")),
              rs.getString("failure_message"),
              rs.getString("output_model_arn"),
              instant(rs, "job_created_at"),
              instant(rs, "job_updated_at"),
              instant(rs, "job_ended_at"),
              real(rs, "training_loss"),
              real(rs, "validation_loss"));
      Instant recordedAt = instant(rs, "recorded_at");
      return new JobEvent(jobId, recordedAt, status);
    } catch (RuntimeException e) {
      throw unreadable(database, "job_events", jobId, e);
    }
  }

  /** Journal status as stored: {@code done}, {@code failed}, {@code dropped}. */
  public static String statusText(JournalStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  private static TrackerException unreadable(
      Path database, String table, String key, RuntimeException e) {
    String reason = e instanceof FineTuneException ? e.getMessage() : e.toString();
    return new TrackerException(
        "cannot read the row '"
            + key
            + "' of table "
            + table
            + " in "
            + database
            + ": "
            + reason
            + ". The row was written by another program or is damaged; fix or delete it with the"
            + " sqlite3 shell",
        e,
        false);
  }
}
