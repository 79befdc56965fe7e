package app.polychat.finetune.job;

/** The state of a customization job. The first five are Bedrock's; {@link #DRY_RUN} is ours. */
public enum JobState {
  /** The job is running (Bedrock's {@code InProgress}). */
  IN_PROGRESS,
  /** The job ended and its custom model exists. */
  COMPLETED,
  /** The job ended with an error; its status has the message. */
  FAILED,
  /** A stop was asked for and the job is ending. */
  STOPPING,
  /** The job was stopped before it ended. */
  STOPPED,
  /**
   * Nothing was submitted: the dry-run backend checked the spec and wrote the request it would
   * send.
   */
  DRY_RUN;

  /** {@return whether the job will not change any more} */
  public boolean terminal() {
    return this == COMPLETED || this == FAILED || this == STOPPED || this == DRY_RUN;
  }

  /**
   * Bedrock's spelling ({@code InProgress}, {@code Completed}, ...); {@code DryRun} for ours.
   *
   * @return the state as Bedrock spells it
   */
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

  /**
   * Parses Bedrock's spelling or the enum name.
   *
   * @param value {@code InProgress}, {@code IN_PROGRESS} and the like
   * @return the state
   * @throws IllegalArgumentException when the value names no state
   */
  public static JobState parse(String value) {
    for (JobState state : values()) {
      if (state.displayName().equalsIgnoreCase(value) || state.name().equalsIgnoreCase(value)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown job status '" + value + "'");
  }
}
