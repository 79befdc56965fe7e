package app.polychat.finetune;

import app.polychat.finetune.dataset.LocalDataset;
import app.polychat.finetune.generate.GenerationResult;
import app.polychat.finetune.generate.Shortfall;
import app.polychat.finetune.store.StoredDataset;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.validate.ValidationReport;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** The generate stage's result: dataset files on disk. Next: {@link #upload()}. */
public final class Generation {
  private final FineTunePipeline pipeline;
  private final LocalDataset dataset;
  private final GenerationResult result;
  private final DatasetRecord record;

  Generation(
      FineTunePipeline pipeline,
      LocalDataset dataset,
      GenerationResult result,
      DatasetRecord record) {
    this.pipeline = pipeline;
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    this.result = result;
    this.record = record;
  }

  /** {@return the files written} */
  public LocalDataset dataset() {
    return dataset;
  }

  /**
   * {@return the generation run's counts and reasons; empty when the stage started from existing
   * files}
   */
  public Optional<GenerationResult> result() {
    return Optional.ofNullable(result);
  }

  /**
   * {@return how far the dataset is from its plan: planned, accepted, dropped, failed and missing
   * requests} Missing is zero unless partial datasets were allowed. A dataset started from existing
   * files counts its records as planned and accepted.
   */
  public Shortfall shortfall() {
    if (result != null) {
      return result.shortfall();
    }
    int records = Math.toIntExact(dataset.trainCount() + dataset.validationCount());
    return new Shortfall(records, records, 0, 0, 0, 0);
  }

  /**
   * {@return whether requests are missing (a partial dataset, accepted with {@code allowPartial})}
   */
  public boolean partial() {
    return !shortfall().complete();
  }

  /**
   * {@return the dataset as the tracker knows it} For files given to {@link
   * FineTunePipeline#dataset} that the tracker did not know, it has no id until {@link #upload} has
   * stored (and so recorded) them.
   */
  public DatasetRecord record() {
    return record;
  }

  /**
   * Stores the files under the pipeline's project, by content hash: the same files uploaded again
   * reuse the stored copy and keep their URIs.
   *
   * @return the stored dataset, ready to train
   */
  public Upload upload() {
    return upload(spec -> {});
  }

  /**
   * Validates the dataset against Bedrock's rules (every finding, with file and line), then stores
   * it. Nothing is uploaded when there is an error.
   *
   * @param settings changes to the defaults of {@link UploadSpec}
   * @return the stored dataset, ready to train
   * @throws app.polychat.finetune.validate.ValidationException listing the findings of an invalid
   *     dataset
   * @throws FineTuneException when a check refuses the dataset or the store fails
   */
  public Upload upload(Consumer<UploadSpec.Builder> settings) {
    UploadSpec.Builder builder = UploadSpec.builder().project(pipeline.project());
    settings.accept(builder);
    UploadSpec spec = builder.build();
    pipeline.datasetCheck().accept(dataset);
    ValidationReport report = pipeline.validateForUpload(dataset);
    StoredDataset stored = pipeline.store().put(dataset, spec.project(), spec.placement());
    // recorded only once the files are stored: a failed upload leaves the history as it was
    DatasetRecord updated =
        pipeline
            .tracker()
            .recordDataset(
                record.withUris(
                    stored.trainingUri().toString(),
                    stored.validationUri() == null ? null : stored.validationUri().toString()));
    return new Upload(pipeline, stored, updated, report);
  }
}
