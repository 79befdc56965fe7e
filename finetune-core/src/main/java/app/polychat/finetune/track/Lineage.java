package app.polychat.finetune.track;

import java.util.Objects;

/**
 * What a job was made from: the job, its dataset, and the generation run behind the dataset.
 *
 * @param job the job
 * @param dataset its dataset, or null when it was trained from URIs the tracker does not know
 * @param run the run that generated the dataset, or null for imported data
 */
public record Lineage(JobRecord job, DatasetRecord dataset, RunRecord run) {
  /**
   * Checks that the job is given.
   *
   * @param job the job
   * @param dataset its dataset, or null when it was trained from URIs the tracker does not know
   * @param run the run that generated the dataset, or null for imported data
   */
  public Lineage {
    Objects.requireNonNull(job, "job");
  }
}
