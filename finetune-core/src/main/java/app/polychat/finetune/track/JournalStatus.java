package app.polychat.finetune.track;

/** The outcome of one planned request. */
public enum JournalStatus {
  /** The teacher answered and the example passed the filters. */
  DONE,
  /**
   * No example: the call failed (the reason says why); a rerun asks again, up to the attempt cap.
   */
  FAILED,
  /** The teacher answered but a filter rejected the example (the reason names the filter). */
  DROPPED
}
