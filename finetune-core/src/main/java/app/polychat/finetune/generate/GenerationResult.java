package app.polychat.finetune.generate;

import app.polychat.finetune.dataset.LocalDataset;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a generation run.
 *
 * @param runId the tracker's run id (its journal holds every answer)
 * @param planned requests in the plan
 * @param resumed requests finished by earlier runs and not asked again
 * @param examples examples accepted (after duplicates were removed); written only when {@code
 *     dataset} is not null
 * @param failed requests without an answer (a rerun asks again, up to the attempt cap)
 * @param dropped answers rejected by a filter, including duplicates
 * @param failuresByReason failures counted by reason
 * @param dropsByReason drops counted by reason
 * @param dataset the written files, or null when none were written: the run stopped, the dataset is
 *     short and partial datasets were not allowed, or no example was usable
 * @param stoppedReason why the run stopped early, or null when it ran to the end
 * @param exhausted failed requests that reached the attempt cap
 * @param recoveryFile where answers the journal could not take were saved (the next run imports
 *     them before asking anything), or null
 */
public record GenerationResult(
    String runId,
    int planned,
    int resumed,
    int examples,
    int failed,
    int dropped,
    Map<String, Integer> failuresByReason,
    Map<String, Integer> dropsByReason,
    LocalDataset dataset,
    String stoppedReason,
    int exhausted,
    Path recoveryFile) {
  /**
   * Checks that the run id is given and copies the reason maps.
   *
   * @param runId the tracker's run id (its journal holds every answer)
   * @param planned requests in the plan
   * @param resumed requests finished by earlier runs and not asked again
   * @param examples examples accepted (after duplicates were removed); written only when {@code
   *     dataset} is not null
   * @param failed requests without an answer (a rerun asks again, up to the attempt cap)
   * @param dropped answers rejected by a filter, including duplicates
   * @param failuresByReason failures counted by reason
   * @param dropsByReason drops counted by reason
   * @param dataset the written files, or null when none were written: the run stopped, the dataset
   *     is short and partial datasets were not allowed, or no example was usable
   * @param stoppedReason why the run stopped early, or null when it ran to the end
   * @param exhausted failed requests that reached the attempt cap
   * @param recoveryFile where answers the journal could not take were saved (the next run imports
   *     them before asking anything), or null
   */
  public GenerationResult {
    Objects.requireNonNull(runId, "runId");
    failuresByReason = Map.copyOf(failuresByReason);
    dropsByReason = Map.copyOf(dropsByReason);
  }

  /**
   * The dataset written, if any.
   *
   * @return the written files, or empty when the run wrote none
   */
  public Optional<LocalDataset> localDataset() {
    return Optional.ofNullable(dataset);
  }

  /** {@return whether fewer examples than planned were accepted (drops included)} */
  public boolean shortOfPlan() {
    return examples < planned;
  }

  /** {@return how far the run is from its plan: planned, accepted, dropped, failed, missing} */
  public Shortfall shortfall() {
    return new Shortfall(
        planned, examples, dropped, failed, Math.max(0, planned - examples - dropped), exhausted);
  }

  /** {@return whether every planned request has an accepted or a dropped answer} */
  public boolean complete() {
    return shortfall().complete();
  }
}
