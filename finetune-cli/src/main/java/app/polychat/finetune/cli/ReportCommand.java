package app.polychat.finetune.cli;

import app.polychat.finetune.job.CustomizationBackend;
import app.polychat.finetune.job.DryRunBackend;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.report.DatasetReport;
import app.polychat.finetune.report.JobReport;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.track.JobRecord;
import app.polychat.finetune.track.RunTracker;
import app.polychat.finetune.validate.DatasetValidator;
import app.polychat.finetune.validate.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code finetune report ...}: a dataset or a training job as one self-contained HTML page. */
@Command(
    name = "report",
    description =
        "Draw a dataset or a training job as one self-contained HTML page (charts in inline SVG, no"
            + " script, nothing fetched: open it offline or mail it).",
    subcommands = {ReportCommand.Dataset.class, ReportCommand.Job.class})
final class ReportCommand {

  @Command(
      name = "dataset",
      description = {
        "Records per split, token length histogram, style × complexity heat map, drops and failures"
            + " by reason (for generated datasets), duplicates and overlap, validation findings.",
        "Prints the path of the page written."
      },
      footer = {
        "",
        "Examples:",
        "  finetune report dataset datasets/strudel",
        "  finetune report dataset ds-3 --base-model nova-micro --output reports/strudel.html"
      })
  static final class Dataset implements Callable<Integer> {
    private final Context context;

    @Parameters(
        paramLabel = "DIR|FILE|DATASET_ID",
        description =
            "A dataset folder (train.jsonl, validation.jsonl), a training file, or a dataset id"
                + " from the history.")
    String target;

    @picocli.CommandLine.Mixin BaseModelOption baseModel = new BaseModelOption();

    @Option(
        names = "--method",
        description = "fine-tuning or distillation (default: ${DEFAULT-VALUE}).",
        defaultValue = "fine-tuning")
    String method;

    @Option(
        names = "--output",
        paramLabel = "FILE",
        description =
            "Where to write the page (default: "
                + Reports.DATASET_REPORT
                + " in the dataset folder).")
    Path output;

    @picocli.CommandLine.Mixin CheckOptions checks = new CheckOptions();

    Dataset(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      try (Components components = new Components(context)) {
        RunTracker tracker = components.tracker();
        Located located = locate(tracker);
        ValidationReport validation =
            DatasetValidator.builder()
                .model(baseModel.resolve(method))
                .method(method)
                .build()
                .validate(located.train(), located.validation());
        Path file =
            output != null
                ? context.path(output)
                : located.train().toAbsolutePath().getParent().resolve(Reports.DATASET_REPORT);
        java.util.Map<String, app.polychat.finetune.check.ValiditySummary> validity =
            new java.util.LinkedHashMap<>();
        if (checks.any()) {
          try (app.polychat.finetune.check.AnswerChecks answerChecks = checks.open(context)) {
            validity.put(located.train().toString(), answerChecks.checkFile(located.train()));
            if (located.validation() != null) {
              validity.put(
                  located.validation().toString(), answerChecks.checkFile(located.validation()));
            }
          }
        }
        var catalog = components.prompts(null);
        DatasetReport.Builder builder =
            DatasetReport.builder(validation, located.record(), tracker)
                .labelOrder(catalog.styles(), catalog.complexities());
        validity.forEach(builder::validity);
        Path written = builder.build().writeHtml(file);
        context.terminal().println(Summaries.relative(context.workDir(), written));
        return 0;
      }
    }

    /** The dataset's files, and its record when the history knows them. */
    record Located(Path train, Path validation, DatasetRecord record) {}

    private Located locate(RunTracker tracker) {
      Path path = context.path(Path.of(target));
      if (Files.isDirectory(path)) {
        Path train = path.resolve("train.jsonl");
        if (!Files.isRegularFile(train)) {
          throw new FineTuneException(
              "no train.jsonl in "
                  + path
                  + ": give the folder a dataset was generated or imported into, a training file,"
                  + " or a dataset id");
        }
        Path validation = path.resolve("validation.jsonl");
        return new Located(
            train,
            Files.isRegularFile(validation) ? validation : null,
            recordOf(tracker, train).orElse(null));
      }
      if (Files.isRegularFile(path)) {
        Optional<DatasetRecord> record = recordOf(tracker, path);
        Path validation =
            record
                .map(DatasetRecord::validationPath)
                .map(Path::of)
                .filter(Files::isRegularFile)
                .orElse(null);
        return new Located(path, validation, record.orElse(null));
      }
      DatasetRecord record =
          tracker
              .dataset(target)
              .orElseThrow(
                  () ->
                      new FineTuneException(
                          "'"
                              + target
                              + "' is neither a folder, a file, nor a dataset id in the history"
                              + recentIds(tracker)));
      if (record.trainPath() == null || !Files.isRegularFile(Path.of(record.trainPath()))) {
        throw new FineTuneException(
            "dataset "
                + target
                + "'s training file is not on this machine ("
                + record.trainPath()
                + "): give the folder that holds it");
      }
      Path validation =
          record.validationPath() != null && Files.isRegularFile(Path.of(record.validationPath()))
              ? Path.of(record.validationPath())
              : null;
      return new Located(Path.of(record.trainPath()), validation, record);
    }

    private static String recentIds(RunTracker tracker) {
      var recent = tracker.datasets(5);
      return recent.isEmpty()
          ? " (the history has no datasets yet)"
          : ": recent ones are "
              + String.join(", ", recent.stream().map(DatasetRecord::datasetId).toList());
    }

    /** The newest dataset the history recorded with this training file. */
    private static Optional<DatasetRecord> recordOf(RunTracker tracker, Path train) {
      Path wanted = train.toAbsolutePath().normalize();
      return tracker.datasets(1_000).stream()
          .filter(
              d ->
                  d.trainPath() != null
                      && Path.of(d.trainPath()).toAbsolutePath().normalize().equals(wanted))
          .findFirst();
    }
  }

  @Command(
      name = "job",
      description = {
        "Loss curves per step and per epoch, status timeline with sub-stages, hyperparameters, the"
            + " estimated cost against the dataset, and model comparison results when given.",
        "Prints the path of the page written."
      },
      footer = {
        "",
        "Examples:",
        "  finetune report job arn:aws:bedrock:us-east-1:123456789012:model-customization-job/...",
        "  finetune report job strudel-nova-lite-v4 --metrics-dir ./downloaded-output --compare compare.json"
      })
  static final class Job implements Callable<Integer> {
    private final Context context;

    @Parameters(paramLabel = "JOB_ARN", description = "The job's ARN (or name).")
    String jobId;

    @Option(
        names = "--metrics-dir",
        paramLabel = "DIR",
        description =
            "Read the loss curves from Bedrock's CSV files under this folder (the job's output,"
                + " downloaded) instead of from S3.")
    Path metricsDir;

    @Option(
        names = "--compare",
        paramLabel = "FILE",
        description = "Model comparison results (JSON) to include.")
    Path compare;

    @picocli.CommandLine.Mixin PriceTableOption prices = new PriceTableOption();

    @Option(
        names = "--output",
        paramLabel = "FILE",
        description =
            "Where to write the page (default: job-report-<job name>.html in the job's dataset"
                + " folder, or in ./reports).")
    Path output;

    Job(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      try (Components components = new Components(context)) {
        RunTracker tracker = components.tracker();
        CustomizationBackend backend = null;
        if (tracker.job(jobId).isEmpty()) {
          if (DryRunBackend.isDryRunId(jobId)) {
            throw new FineTuneException("no job '" + jobId + "' in the history");
          }
          backend = components.bedrock(null, null);
          JobStatus status = backend.describe(jobId); // records a job made elsewhere
          tracker.recordJobStatus(status);
        }
        JobRecord job = tracker.job(jobId).orElseThrow();
        JobReport.Builder report = JobReport.fromTracker(tracker, jobId);
        if (metricsDir != null) {
          report.metrics(Reports.metricsFromFolder(context.path(metricsDir)));
        } else {
          if (backend == null && !job.dryRun()) {
            backend = components.bedrock(null, null);
          }
          Reports.metricsFromBackend(report, backend, job);
        }
        Reports.estimateCost(report, tracker, job, prices.load(context));
        if (compare != null) {
          report.comparisonJson(read(context.path(compare)), compare.toString());
        }
        Path file =
            output != null
                ? context.path(output)
                : Reports.outputDirectory(context, tracker, job.jobId())
                    .resolve(Reports.jobReportName(job));
        Path written = report.build().writeHtml(file);
        context.terminal().println(Summaries.relative(context.workDir(), written));
        return 0;
      }
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + file + " (" + e.getClass().getSimpleName() + "): check the path", e);
    }
  }
}
