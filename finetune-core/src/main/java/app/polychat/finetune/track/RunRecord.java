package app.polychat.finetune.track;

import java.time.Instant;
import java.util.Objects;

/** A generation run as the tracker stored it. */
public record RunRecord(String runId, RunSpec spec, Instant createdAt) {
  public RunRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
