package app.polychat.finetune.cli;

import app.polychat.finetune.bedrock.training.S3DatasetStore;
import app.polychat.finetune.bedrock.training.TrainingLossFiles;
import app.polychat.finetune.cost.CostEstimator;
import app.polychat.finetune.cost.PriceTable;
import app.polychat.finetune.job.CustomizationBackend;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.MetricPoint;
import app.polychat.finetune.report.JobReport;
import app.polychat.finetune.report.ReportException;
import app.polychat.finetune.report.RunManifest;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.track.JobRecord;
import app.polychat.finetune.track.RunTracker;
import app.polychat.finetune.validate.DatasetValidator;
import app.polychat.finetune.validate.ModelRules;
import app.polychat.finetune.validate.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the {@code report} and {@code lineage} commands, and {@code job watch} when a job ends,
 * share: building a job report from the history and the backend, and writing and uploading a run
 * manifest.
 */
final class Reports {
  static final String DATASET_REPORT = "dataset-report.html";
  static final String TRAINING_CSV = TrainingLossFiles.TRAINING_CSV;
  static final String VALIDATION_CSV = TrainingLossFiles.VALIDATION_CSV;

  private Reports() {}

  /**
   * Writes the HTML report of a job into {@code dir} as {@code job-report-<job name>.html}: the
   * history's statuses and dataset, the loss curves from {@code backend} (a note in their place
   * when it cannot read them), and the estimated cost against the training file when it is on disk.
   *
   * @param backend where the loss curves come from; null for none (a dry run trained nothing)
   * @return the file written
   * @throws ReportException when the history has no such job or the file cannot be written
   */
  public static Path writeJobReport(
      RunTracker tracker, CustomizationBackend backend, String jobId, Path dir) {
    JobReport.Builder report = JobReport.fromTracker(tracker, jobId);
    JobRecord job = tracker.job(jobId).orElseThrow();
    metricsFromBackend(report, backend, job);
    estimateCost(report, tracker, job, PriceTable.load());
    return report.build().writeHtml(dir.resolve(jobReportName(job)));
  }

  /**
   * When a watched job ends: writes its report and its run manifest next to its dataset (or under
   * {@code ./reports} when the history does not know the dataset), uploads the manifest beside the
   * training files when they are in the configured training bucket, and prints where everything
   * went. A failure here is printed as a warning: the job's outcome is what matters.
   */
  static void onJobEnd(
      Context context, Components components, CustomizationBackend backend, String jobId) {
    Terminal t = context.terminal();
    RunTracker tracker = components.tracker();
    try {
      Path dir = outputDirectory(context, tracker, jobId);
      Path report = writeJobReport(tracker, backend, jobId, dir);
      t.println("Report:   " + Summaries.relative(context.workDir(), report));
      RunManifest manifest =
          RunManifest.fromTracker(tracker, jobId)
              .orElseThrow(() -> new ReportException("no job '" + jobId + "' in the history"));
      saveManifest(context, components, manifest, dir)
          .forEach(where -> t.println("Lineage:  " + where));
    } catch (FineTuneException e) {
      context
          .err()
          .println("warning: the job's report or lineage was not written: " + e.getMessage());
    }
  }

  /** The folder of the job's dataset, or {@code ./reports} when the history does not know it. */
  static Path outputDirectory(Context context, RunTracker tracker, String jobId) {
    return tracker
        .lineage(jobId)
        .map(l -> l.dataset())
        .map(DatasetRecord::trainPath)
        .map(p -> Path.of(p).toAbsolutePath().getParent())
        .orElse(context.path(Path.of("reports")));
  }

  static String jobReportName(JobRecord job) {
    String name = job.jobName() != null ? job.jobName() : job.jobId();
    return "job-report-"
        + name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "")
        + ".html";
  }

  /** The loss curves from the backend, or a note saying why there are none. */
  static void metricsFromBackend(
      JobReport.Builder report, CustomizationBackend backend, JobRecord job) {
    if (job.dryRun()) {
      report.metricsNote(
          "A dry run: nothing was submitted, so no model was trained and there are no loss"
              + " curves.");
      return;
    }
    if (backend == null) {
      report.metricsNote("The loss curves were not read: no backend was given to read them from.");
      return;
    }
    try {
      List<MetricPoint> metrics = backend.metrics(job.jobId());
      report.metrics(metrics);
      if (metrics.isEmpty()) {
        report.metricsNote(
            "No loss curves yet: looked in the job's output folder (BEDROCK_OUTPUT_BUCKET) for "
                + TRAINING_CSV
                + " and "
                + VALIDATION_CSV
                + ", which Bedrock writes there when training ends. With a downloaded copy:"
                + " finetune report job <arn> --metrics-dir DIR.");
      }
    } catch (FineTuneException e) {
      report.metricsNote("The loss curves could not be read: " + e.getMessage());
    }
  }

  /**
   * Reads Bedrock's loss CSVs from a folder (for instance the job's output folder, downloaded): the
   * first {@code step_wise_training_metrics.csv} and {@code validation_metrics.csv} found under it.
   */
  static List<MetricPoint> metricsFromFolder(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new FineTuneException(
          "--metrics-dir " + folder + " is not a folder: give the job's output folder, downloaded");
    }
    Optional<Path> training = find(folder, TRAINING_CSV);
    Optional<Path> validation = find(folder, VALIDATION_CSV);
    if (training.isEmpty() && validation.isEmpty()) {
      throw new FineTuneException(
          "no "
              + TRAINING_CSV
              + " or "
              + VALIDATION_CSV
              + " under "
              + folder
              + ": give the job's output folder (model-customization-job-.../)");
    }
    try {
      return TrainingLossFiles.read(training, validation);
    } catch (IllegalArgumentException e) {
      throw new FineTuneException(e.getMessage() + ": is it a file Bedrock wrote?", e);
    }
  }

  private static Optional<Path> find(Path folder, String name) {
    try (Stream<Path> files = Files.walk(folder, 8)) {
      return files.filter(p -> p.getFileName().toString().equals(name)).sorted().findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * Validates the job's training file, when it is on disk, for the statistics the cost estimate
   * needs; leaves a note otherwise.
   */
  static void estimateCost(
      JobReport.Builder report, RunTracker tracker, JobRecord job, PriceTable prices) {
    Optional<DatasetRecord> dataset = tracker.lineage(job.jobId()).map(l -> l.dataset());
    Optional<Path> train =
        dataset.map(DatasetRecord::trainPath).map(Path::of).filter(Files::isRegularFile);
    if (train.isEmpty()) {
      report.costNote(
          "No cost estimate: the training file is not on this machine"
              + dataset.map(d -> " (" + d.trainPath() + ")").orElse("")
              + ", so its tokens cannot be counted.");
      return;
    }
    DatasetValidator.Builder validator = DatasetValidator.builder().recordCountChecks(false);
    if (job.baseModel() != null) {
      ModelRules.find(job.baseModel()).ifPresent(m -> validator.model(m.alias()));
    }
    if (job.type() == CustomizationType.DISTILLATION) {
      validator.method(CustomizationType.DISTILLATION);
    }
    ValidationReport validation = validator.build().validate(train.get());
    report.estimateCost(CostEstimator.of(prices), validation.training());
  }

  /**
   * Writes the manifest into {@code dir} and beside the stored training files (a local store's
   * folder, or the training bucket when BEDROCK_TRAINING_BUCKET names the bucket they are in).
   *
   * @return where it went, for printing
   */
  static List<String> saveManifest(
      Context context, Components components, RunManifest manifest, Path dir) {
    List<String> where = new java.util.ArrayList<>();
    where.add(Summaries.relative(context.workDir(), manifest.writeTo(dir)));
    String trainUri = manifest.toJsonNode().path("job").path("spec").path("trainingUri").asText("");
    if (trainUri.startsWith("file:")) {
      Path stored = Path.of(URI.create(trainUri)).getParent();
      if (stored != null && Files.isDirectory(stored) && !stored.equals(dir.toAbsolutePath())) {
        where.add(Summaries.relative(context.workDir(), manifest.writeTo(stored)));
      }
    } else if (trainUri.startsWith("s3://")) {
      Optional<String> bucket = context.settings().get("BEDROCK_TRAINING_BUCKET");
      if (bucket.isPresent() && trainUri.startsWith("s3://" + bucket.get() + "/")) {
        S3DatasetStore store = components.s3Store(bucket.get(), false);
        where.add(
            store
                .putBeside(
                    URI.create(trainUri),
                    manifest.fileName(),
                    manifest.toJson(),
                    "application/json")
                .toString());
      } else {
        where.add(
            "(not uploaded: set BEDROCK_TRAINING_BUCKET to the bucket of "
                + trainUri
                + " to put it beside the training files)");
      }
    }
    return where;
  }
}
