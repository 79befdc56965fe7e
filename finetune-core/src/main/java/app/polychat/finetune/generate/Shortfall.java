package app.polychat.finetune.generate;

/**
 * How far a generation run is from its plan. A plan is complete when every planned request has an
 * accepted or a dropped answer ({@link #missing()} is zero); otherwise the dataset is short, and
 * running the same plan again asks for what is missing.
 *
 * <pre>{@code
 * Shortfall s = generation.shortfall();
 * if (!s.complete()) {
 *   log.warn("{} of {} requests have no answer yet", s.missing(), s.planned());
 * }
 * }</pre>
 *
 * @param planned requests in the plan
 * @param accepted examples in the dataset (duplicates removed)
 * @param dropped answers a filter rejected or that duplicated an earlier one; they stay dropped
 * @param failed requests whose latest ask failed
 * @param missing requests without an accepted or dropped answer: the failed ones and those never
 *     answered (a stopped run)
 * @param exhausted failed requests already asked as often as the attempt cap allows; a rerun asks
 *     for them only with a higher cap
 */
public record Shortfall(
    int planned, int accepted, int dropped, int failed, int missing, int exhausted) {
  /**
   * Checks that no count is negative.
   *
   * @param planned requests in the plan
   * @param accepted examples in the dataset (duplicates removed)
   * @param dropped answers a filter rejected or that duplicated an earlier one; they stay dropped
   * @param failed requests whose latest ask failed
   * @param missing requests without an accepted or dropped answer: the failed ones and those never
   *     answered (a stopped run)
   * @param exhausted failed requests already asked as often as the attempt cap allows; a rerun asks
   *     for them only with a higher cap
   * @throws IllegalArgumentException when a count is negative
   */
  public Shortfall {
    if (planned < 0 || accepted < 0 || dropped < 0 || failed < 0 || missing < 0 || exhausted < 0) {
      throw new IllegalArgumentException("counts cannot be negative");
    }
  }

  /** {@return whether every planned request has an accepted or a dropped answer} */
  public boolean complete() {
    return missing == 0;
  }

  /**
   * Missing requests a plain rerun asks for again (those below the attempt cap).
   *
   * @return the missing requests below the attempt cap
   */
  public int retryable() {
    return Math.max(0, missing - exhausted);
  }

  /**
   * {@return one line: {@code "281 of 300 planned requests answered (12 dropped), 19 missing: 19
   * failed"}}
   */
  public String describe() {
    StringBuilder text =
        new StringBuilder()
            .append(accepted)
            .append(" of ")
            .append(planned)
            .append(" planned examples accepted");
    if (dropped > 0) {
      text.append(", ").append(dropped).append(" dropped by filters or as duplicates");
    }
    if (missing > 0) {
      text.append(", ").append(missing).append(" missing");
      if (failed > 0) {
        text.append(" (").append(failed).append(" failed");
        if (exhausted > 0) {
          text.append(", ").append(exhausted).append(" of them at the attempt cap");
        }
        if (missing > failed) {
          text.append(", ").append(missing - failed).append(" not asked yet");
        }
        text.append(')');
      }
    }
    return text.toString();
  }
}
