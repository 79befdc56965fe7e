package app.polychat.finetune.track;

import java.time.Instant;
import java.util.Objects;

/** A generation run as the tracker stored it. */
public record RunRecord(String runId, RunSpec spec, Instant createdAt) {
  /**
   * Checks that the run id, spec and creation time are given.
   *
   * @param runId the run's id
   * @param spec what the run generates
   * @param createdAt when the run started
   */
  public RunRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
