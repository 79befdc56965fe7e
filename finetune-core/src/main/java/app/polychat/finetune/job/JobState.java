package app.polychat.finetune.job;

/** The state of a customization job. The first five are Bedrock's; {@link #DRY_RUN} is ours. */
public enum JobState {
  IN_PROGRESS,
  COMPLETED,
  FAILED,
  STOPPING,
  STOPPED,
  /**
   * Nothing was submitted: the dry-run backend checked the spec and wrote the request it would
   * send.
   */
  DRY_RUN;

  /** Whether the job will not change any more. */
  public boolean terminal() {
    return this == COMPLETED || this == FAILED || this == STOPPED || this == DRY_RUN;
  }

  /** Bedrock's spelling ({@code InProgress}, {@code Completed}, ...); {@code DryRun} for ours. */
  public String displayName() {
    return switch (this) {
      case IN_PROGRESS -> "InProgress";
      case COMPLETED -> "Completed";
      case FAILED -> "Failed";
      case STOPPING -> "Stopping";
      case STOPPED -> "Stopped";
      case DRY_RUN -> "DryRun";
    };
  }

  /** Parses Bedrock's spelling or the enum name. */
  public static JobState parse(String value) {
    for (JobState state : values()) {
      if (state.displayName().equalsIgnoreCase(value) || state.name().equalsIgnoreCase(value)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown job status '" + value + "'");
  }
}
