package app.polychat.finetune;

import app.polychat.finetune.cost.BudgetGuard;
import app.polychat.finetune.cost.CostEstimate;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobHandle;
import app.polychat.finetune.job.JobSpec;
import app.polychat.finetune.store.StoredDataset;
import app.polychat.finetune.support.Hashing;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.track.JobRecord;
import app.polychat.finetune.validate.ModelRules;
import app.polychat.finetune.validate.ValidationReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The upload stage's result: dataset files where a backend can read them. Next: {@link #train()}.
 */
public final class Upload {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Upload.class);

  private final FineTunePipeline pipeline;
  private final StoredDataset stored;
  private final DatasetRecord record;
  private final ValidationReport validation;

  Upload(
      FineTunePipeline pipeline,
      StoredDataset stored,
      DatasetRecord record,
      ValidationReport validation) {
    this.pipeline = pipeline;
    this.stored = stored;
    this.record = record;
    this.validation = validation;
  }

  /** {@return the validation report of the stored files; empty when the stage started from URIs} */
  public Optional<ValidationReport> validation() {
    return Optional.ofNullable(validation);
  }

  /**
   * {@return the estimated cost of a job on these files (training tokens × epochs × price), from
   * the validation statistics; empty when the files were not validated here}
   *
   * @param settings the training settings to price
   */
  public Optional<CostEstimate> estimate(Consumer<TrainSpec.Builder> settings) {
    TrainSpec.Builder builder = TrainSpec.builder();
    settings.accept(builder);
    return estimate(jobSpec(builder.build()));
  }

  private Optional<CostEstimate> estimate(JobSpec spec) {
    return validation == null
        ? Optional.empty()
        : Optional.of(pipeline.costEstimator().job(spec, validation.training()));
  }

  /**
   * Where the files were stored.
   *
   * @return the stored files' URIs
   */
  public StoredDataset stored() {
    return stored;
  }

  /** {@return the dataset as the tracker knows it; empty when the stage started from URIs} */
  public Optional<DatasetRecord> record() {
    return Optional.ofNullable(record);
  }

  /**
   * {@return the job spec these settings give, checked as {@link #train(Consumer)} checks it
   * (Bedrock's rules, or the pipeline's own job check) without submitting anything: run it before
   * asking anyone to confirm the cost, so nothing is confirmed that Bedrock would refuse}
   *
   * @param settings the training settings
   * @throws app.polychat.finetune.validate.ValidationException listing what Bedrock would reject
   */
  public JobSpec check(Consumer<TrainSpec.Builder> settings) {
    TrainSpec.Builder builder = TrainSpec.builder();
    settings.accept(builder);
    JobSpec spec = jobSpec(builder.build());
    pipeline.jobCheck().accept(spec);
    return spec;
  }

  /**
   * Submits a fine-tuning job with the defaults of {@link TrainSpec}.
   *
   * @return the submitted job
   */
  public TrainingJob train() {
    return train(spec -> {});
  }

  /**
   * Builds the job spec, checks it, records the job and submits it. Submitting the same spec again
   * does not create a second job (the backend's idempotency token is a hash of the spec).
   *
   * @param settings changes to the defaults of {@link TrainSpec}
   * @return the submitted job
   */
  public TrainingJob train(Consumer<TrainSpec.Builder> settings) {
    TrainSpec.Builder builder = TrainSpec.builder();
    settings.accept(builder);
    TrainSpec train = builder.build();
    JobSpec spec = jobSpec(train);
    pipeline.jobCheck().accept(spec);
    if (pipeline.maxCost() != null) {
      CostEstimate cost =
          estimate(spec)
              .orElseThrow(
                  () ->
                      new app.polychat.finetune.support.FineTuneException(
                          "a budget is set but the cost of job '"
                              + spec.jobName()
                              + "' cannot be estimated: its data was not validated here (start"
                              + " from dataset(...) or generate() rather than stored(...))"));
      BudgetGuard.of(pipeline.maxCost()).check(cost);
    }
    JobHandle handle = pipeline.backend().submit(spec);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("project", stored.project() == null ? pipeline.project() : stored.project());
    metadata.put("trainUri", spec.trainingUri().toString());
    if (spec.validationUri() != null) {
      metadata.put("validationUri", spec.validationUri().toString());
    }
    metadata.putAll(spec.hyperParameters());
    if (spec.teacherModel() != null) {
      metadata.put("teacherModel", spec.teacherModel());
    }
    if (spec.rft() != null) {
      metadata.put("graderLambdaArn", spec.rft().graderLambdaArn());
      spec.rft().hyperParameters().forEach((k, v) -> metadata.put("rft." + k, String.valueOf(v)));
    }
    metadata.put("requestToken", handle.requestToken() == null ? "" : handle.requestToken());
    metadata.put("backend", pipeline.backend().describeBackend());
    pipeline
        .tracker()
        .recordJob(
            new JobRecord(
                handle.jobId(),
                handle.jobName(),
                spec.baseModel(),
                spec.customModelName(),
                spec.type(),
                handle.dryRun()
                    ? app.polychat.finetune.job.JobState.DRY_RUN
                    : app.polychat.finetune.job.JobState.IN_PROGRESS,
                record == null ? null : record.datasetId(),
                handle.submittedAt(),
                handle.submittedAt(),
                metadata));
    return new TrainingJob(pipeline, handle.jobId(), handle.jobName(), handle);
  }

  private JobSpec jobSpec(TrainSpec train) {
    String project = stored.project() == null ? pipeline.project() : stored.project();
    String name = train.name() != null ? train.name() : defaultJobName(project, train);
    JobSpec.Builder spec =
        JobSpec.builder()
            .jobName(name)
            .customModelName(train.customModelName() != null ? train.customModelName() : name)
            .baseModel(train.baseModel())
            .trainingUri(stored.trainingUri())
            .validationUri(validationUri(train))
            .project(project)
            .addTag("project", project);
    if (record != null && record.contentHash() != null) {
      spec.datasetHash(record.contentHash())
          .addTag("dataset-hash", record.contentHash().substring(0, 16));
    }
    if (train.reinforcement() != null) {
      return spec.reinforcement(train.reinforcement()).build();
    }
    if (train.teacherModel() != null) {
      return spec.type(CustomizationType.DISTILLATION)
          .teacherModel(train.teacherModel())
          .maxResponseLength(train.maxResponseLength())
          .build();
    }
    return spec.type(CustomizationType.FINE_TUNING)
        .epochCount(train.epochs())
        .learningRate(train.learningRate())
        .warmupSteps(train.warmupSteps())
        .batchSize(train.effectiveBatchSize())
        .build();
  }

  /**
   * The validation file to send: none when turned off, and none for a model that takes no
   * validation set during fine-tuning (Nova 2 Lite) unless {@link
   * TrainSpec#validationEvenIfUnsupported()} insists, with a warning either way.
   */
  private java.net.URI validationUri(TrainSpec train) {
    if (!train.useValidation() || stored.validationUri() == null) {
      return null;
    }
    java.util.Optional<ModelRules> rules = ModelRules.find(train.baseModel());
    if (train.teacherModel() == null
        && rules.isPresent()
        && !rules.get().validationSetSupported()) {
      if (train.validationEvenIfUnsupported()) {
        log.warn(
            "{} takes no validation set during fine-tuning: sending {} anyway, as asked",
            rules.get().displayName(),
            stored.validationUri());
        return stored.validationUri();
      }
      log.warn(
          "{} takes no validation set during fine-tuning (Nova user guide, nova-2-sft-data-prep):"
              + " {} is left out of the request; ask for it with validationEvenIfUnsupported(true)",
          rules.get().displayName(),
          stored.validationUri());
      return null;
    }
    return stored.validationUri();
  }

  /**
   * {@code <project>-<8 hex>}: the hex is a hash of the training data (its content hash, or its
   * URIs when the tracker does not know it), the base model and the training settings. The same
   * command run twice names the same job, so the backend's idempotency token matches and no second
   * job is created; other data or settings give another name. Characters Bedrock's job-name pattern
   * does not accept are replaced by hyphens.
   */
  String defaultJobName(String project, TrainSpec train) {
    String base = project.replaceAll("[^a-zA-Z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (base.isEmpty()) {
      base = "finetune";
    }
    String data =
        record != null && record.contentHash() != null
            ? record.contentHash()
            : stored.trainingUri() + "|" + stored.validationUri();
    String settings =
        String.join(
                "|",
                data,
                train.baseModel(),
                String.valueOf(train.teacherModel()),
                String.valueOf(train.epochs()),
                String.valueOf(train.learningRate()),
                String.valueOf(train.warmupSteps()),
                String.valueOf(train.effectiveBatchSize()),
                String.valueOf(train.useValidation()),
                String.valueOf(train.maxResponseLength()))
            // only RFT jobs add their settings, so other jobs keep the names they had
            + (train.reinforcement() == null ? "" : "|" + train.reinforcement());
    String suffix = "-" + Hashing.sha256Hex(settings).substring(0, 8);
    if (base.length() + suffix.length() > 63) {
      base = base.substring(0, 63 - suffix.length()).replaceAll("-+$", "");
    }
    return base + suffix;
  }
}
