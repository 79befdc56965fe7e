package app.polychat.finetune.track;

import java.util.Objects;

/**
 * What a rerun needs to know of one journaled request: its latest status and how many runs asked
 * the teacher for it (see {@link JournalEntry#asks()}).
 *
 * @param status the latest outcome
 * @param asks runs that asked for it, counted toward the per-request attempt cap
 */
public record JournalState(JournalStatus status, int asks) {
  /**
   * Checks that the status is given.
   *
   * @param status the latest outcome
   * @param asks runs that asked for it, counted toward the per-request attempt cap
   */
  public JournalState {
    Objects.requireNonNull(status, "status");
  }
}
