package app.polychat.finetune.generate;

import app.polychat.finetune.dataset.LocalDataset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a generation run.
 *
 * @param runId the tracker's run id (its journal holds every answer)
 * @param planned requests in the plan
 * @param resumed requests finished by earlier runs and not asked again
 * @param examples examples written to the dataset (after duplicates were removed)
 * @param failed requests without an answer (retry them with {@code --retry-failed})
 * @param dropped answers rejected by a filter, including duplicates
 * @param failuresByReason failures counted by reason
 * @param dropsByReason drops counted by reason
 * @param dataset the written files, or null when the run was stopped before writing
 * @param stoppedReason why the run stopped early, or null when it ran to the end
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
    String stoppedReason) {
  public GenerationResult {
    Objects.requireNonNull(runId, "runId");
    failuresByReason = Map.copyOf(failuresByReason);
    dropsByReason = Map.copyOf(dropsByReason);
  }

  public Optional<LocalDataset> localDataset() {
    return Optional.ofNullable(dataset);
  }

  /** Whether fewer examples than planned survived. */
  public boolean shortOfPlan() {
    return examples < planned;
  }
}
