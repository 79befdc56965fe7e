package app.polychat.finetune.cli;

import app.polychat.finetune.FineTuneException;
import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.TrainSpec;
import app.polychat.finetune.TrainingJob;
import app.polychat.finetune.internal.Json;
import app.polychat.finetune.job.CustomizationBackend;
import app.polychat.finetune.job.JobQuery;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.job.JobSummary;
import app.polychat.finetune.job.JobWatcher;
import app.polychat.finetune.job.StageStatus;
import app.polychat.finetune.track.JobRecord;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code finetune job ...}: create, distill, watch, inspect and stop customization jobs. */
@Command(
    name = "job",
    description = "Create and manage fine-tuning, distillation and reinforcement fine-tuning jobs.",
    subcommands = {
      JobCommand.Create.class,
      JobCommand.Distill.class,
      JobCommand.Rft.class,
      JobCommand.Watch.class,
      JobCommand.Status.class,
      JobCommand.ListJobs.class,
      JobCommand.Stop.class
    })
final class JobCommand {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final DateTimeFormatter LOCAL_MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  /**
   * The exit code of a submission refused because nobody confirmed the cost: a usage error, as
   * picocli reports one.
   */
  static final int NOT_CONFIRMED = 2;

  /** Options shared by create and distill. */
  static class Submission {
    @Option(
        names = "--name",
        required = true,
        description = "Job name (unique; letters, digits, hyphens).")
    String name;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--train",
        paramLabel = "URI",
        description = "Training data URI from the upload step (required).")
    URI trainUri;

    @Option(
        names = "--validation",
        paramLabel = "URI",
        description = "Validation data URI from the upload step (optional).")
    URI valUri;

    /** The name before --train; kept so existing scripts work. */
    @Option(names = "--train-uri", hidden = true)
    void trainUriAlias(URI uri) {
      trainUri = uri;
    }

    /** The name before --validation; kept so existing scripts work. */
    @Option(names = "--val-uri", hidden = true)
    void valUriAlias(URI uri) {
      valUri = uri;
    }

    /** A usage error (exit 2) naming every required option that is missing. */
    void require(java.util.Map<String, Object> options) {
      List<String> missing = new ArrayList<>();
      options.forEach(
          (name, value) -> {
            if (value == null) {
              missing.add("'" + name + "'");
            }
          });
      if (!missing.isEmpty()) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            (missing.size() == 1 ? "Missing required option: " : "Missing required options: ")
                + String.join(", ", missing));
      }
    }

    @Option(names = "--custom-name", description = "Custom model name (default: the job name).")
    String customName;

    @Option(
        names = "--project",
        description = "Project (default: ${DEFAULT-VALUE}).",
        defaultValue = "strudel")
    String project;

    @Option(
        names = "--dry-run",
        description = "Write the request Bedrock would receive instead of sending it.")
    boolean dryRun;

    @Option(
        names = "--yes",
        description =
            "Accept the cost without asking. Required to submit without a terminal: AWS bills the"
                + " job.")
    boolean yes;

    @Option(
        names = "--force-validation",
        description =
            "Send --val-uri even to a model that takes no validation set during fine-tuning"
                + " (Nova 2 Lite); by default it is left out with a warning.")
    boolean forceValidation;

    @Option(
        names = "--max-cost",
        paramLabel = "USD",
        description = "Refuse to submit when the estimated cost is higher.")
    java.math.BigDecimal maxCost;

    int submit(Context context, Consumer<TrainSpec.Builder> settings, String what) {
      Terminal t = context.terminal();
      try (Components components = new Components(context)) {
        Path dir = context.path(Path.of("datasets", project));
        FineTunePipeline.Builder builder = components.pipeline(null, null, dir, project, dryRun);
        if (maxCost != null) {
          builder.maxCost(maxCost);
        }
        try (FineTunePipeline pipeline = builder.build()) {
          t.println(what);
          components
              .describe()
              .forEach((k, v) -> t.println(String.format("  %-8s %s", k + ":", v)));
          Consumer<TrainSpec.Builder> all =
              spec -> {
                spec.name(name);
                if (customName != null) {
                  spec.customModelName(customName);
                }
                spec.validationEvenIfUnsupported(forceValidation);
                settings.accept(spec);
              };
          var upload = pipeline.stored(trainUri, valUri);
          // Bedrock's rules first: nothing is confirmed that Bedrock would refuse
          var checked = upload.check(all);
          if (valUri != null && checked.validationUri() == null) {
            t.println(
                "warning: "
                    + checked.baseModel()
                    + " takes no validation set during fine-tuning (Nova user guide,"
                    + " nova-2-sft-data-prep): "
                    + valUri
                    + " is left out of the request (--force-validation sends it anyway)");
          }
          t.println();
          upload
              .estimate(all)
              .ifPresentOrElse(
                  estimate -> t.println(estimate.toText()),
                  () ->
                      t.println(
                          "No cost estimate: the local history has no files for "
                              + trainUri
                              + " (estimate with: finetune cost estimate --train FILE)"));
          if (!components.writesDryRun(dryRun) && !yes) {
            BilledConsent.Answer answer =
                BilledConsent.ask(
                    context,
                    "not submitted: AWS bills this job",
                    "Submit this job? Training is billed by AWS. [y/N] ");
            if (answer == BilledConsent.Answer.NO_TERMINAL) {
              return NOT_CONFIRMED;
            }
            if (answer == BilledConsent.Answer.DECLINED) {
              t.println("Not submitted.");
              return 1;
            }
          }
          TrainingJob job = upload.train(all);
          t.println();
          if (job.dryRun()) {
            t.println("Dry run: nothing was submitted.");
            t.println(
                "  Request Bedrock would receive: "
                    + Summaries.relative(
                        context.workDir(), dir.resolve("dry-run-" + name + ".json")));
            return 0;
          }
          t.println("Job ARN: " + job.jobId());
          t.println();
          t.println("Next steps:");
          t.println("  finetune job watch " + job.jobId());
          t.println("  finetune job status " + job.jobId());
          return 0;
        }
      }
    }
  }

  @Command(
      name = "create",
      description = "Create a fine-tuning job.",
      footer = {
        "",
        "Example:",
        "  finetune job create --name strudel-nova-lite-v1 --base-model amazon.nova-lite-v1:0:300k \\",
        "      --train s3://my-bucket/strudel/.../train.jsonl --validation s3://my-bucket/strudel/.../validation.jsonl \\",
        "      --epochs 2 --learning-rate 0.00001"
      })
  static final class Create extends Submission implements Callable<Integer> {
    private final Context context;

    @Option(
        names = "--base-model",
        paramLabel = "MODEL",
        description = "Foundation model to train, e.g. amazon.nova-lite-v1:0:300k (required).")
    String baseModel;

    @Option(
        names = "--epochs",
        description = "Epochs, 1-5 (default: ${DEFAULT-VALUE}).",
        defaultValue = "3")
    int epochs;

    @Option(
        names = "--learning-rate",
        description = "Learning rate (default: ${DEFAULT-VALUE}).",
        defaultValue = "0.00001")
    double learningRate;

    @Option(
        names = "--batch-size",
        description =
            "Batch size (default: 1 for Nova models, the only value they accept; 8 otherwise).")
    Integer batchSize;

    @Option(names = "--warmup-steps", description = "Learning-rate warmup steps, 0-100.")
    Integer warmupSteps;

    Create(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Map<String, Object> required = new LinkedHashMap<>();
      required.put("--base-model=MODEL", baseModel);
      required.put("--train=URI", trainUri);
      require(required);
      return submit(
          context,
          spec -> {
            spec.baseModel(baseModel).epochs(epochs).learningRate(learningRate);
            if (batchSize != null) {
              spec.batchSize(batchSize);
            }
            if (warmupSteps != null) {
              spec.warmupSteps(warmupSteps);
            }
          },
          "Fine-tuning "
              + baseModel
              + " on "
              + trainUri
              + " ("
              + epochs
              + " epochs, learning rate "
              + new java.math.BigDecimal(Double.toString(learningRate)).toPlainString()
              + ")");
    }
  }

  @Command(
      name = "distill",
      description =
          "Create a distillation job: a larger teacher answers the prompts and a smaller student learns.",
      footer = {
        "",
        "Example:",
        "  finetune job distill --name strudel-distilled --teacher us.amazon.nova-premier-v1:0 \\",
        "      --base-model amazon.nova-pro-v1:0:300k --train s3://my-bucket/strudel/.../train.jsonl"
      })
  static final class Distill extends Submission implements Callable<Integer> {
    private final Context context;

    @Option(
        names = "--teacher",
        required = true,
        description = "Teacher model id or inference profile.")
    String teacher;

    @Option(
        names = "--base-model",
        paramLabel = "MODEL",
        description = "Student: the model to train, e.g. amazon.nova-lite-v1:0:300k (required).")
    String student;

    /** The name before --base-model; kept so existing scripts work. */
    @Option(names = "--student", hidden = true)
    void studentAlias(String model) {
      student = model;
    }

    Distill(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Map<String, Object> required = new LinkedHashMap<>();
      required.put("--base-model=MODEL", student);
      required.put("--train=URI", trainUri);
      require(required);
      return submit(
          context,
          spec -> spec.baseModel(student).distillFrom(teacher),
          "Distilling " + teacher + " into " + student + " from " + trainUri);
    }
  }

  @Command(
      name = "rft",
      description = {
        "Create a reinforcement fine-tuning job (Nova 2 Lite): the model answers the training"
            + " prompts and the grader Lambda function rewards each answer.",
        "The training file must be in the bedrock-rft format (finetune dataset convert --to rft)."
            + " Hyperparameters left unset are Bedrock's defaults (not published); ranges are the"
            + " API model's and are checked before anything is sent."
      },
      footer = {
        "",
        "Example:",
        "  finetune job rft --name strudel-rft-v1 --train-uri s3://my-bucket/strudel/.../train-rft.jsonl \\",
        "      --grader-lambda-arn arn:aws:lambda:us-east-1:123456789012:function:finetune-strudel-grader \\",
        "      --epochs 2 --batch-size 64 --samples-per-prompt 4 --reasoning-effort low"
      })
  static final class Rft extends Submission implements Callable<Integer> {
    private final Context context;

    @Option(
        names = "--grader-lambda-arn",
        required = true,
        paramLabel = "ARN",
        description = "The grader Lambda function (finetune grader package builds one).")
    String graderLambdaArn;

    @Option(
        names = "--base-model",
        description = "Base model (default: ${DEFAULT-VALUE}, the only one Bedrock tunes by RFT).",
        defaultValue = TrainSpec.RFT_BASE_MODEL)
    String baseModel;

    @Option(names = "--epochs", description = "epochCount, 1-50.")
    Integer epochs;

    @Option(names = "--batch-size", description = "batchSize (prompts per step), 16-512.")
    Integer batchSize;

    @Option(names = "--learning-rate", description = "learningRate, 0.0000001-0.001.")
    Double learningRate;

    @Option(
        names = "--samples-per-prompt",
        description = "trainingSamplePerPrompt (answers graded per prompt), 2-16.")
    Integer samplesPerPrompt;

    @Option(names = "--max-prompt-length", description = "maxPromptLength in tokens.")
    Integer maxPromptLength;

    @Option(
        names = "--inference-max-tokens",
        description = "inferenceMaxTokens: longest answer in tokens during training.")
    Integer inferenceMaxTokens;

    @Option(names = "--reasoning-effort", description = "reasoningEffort: low, medium or high.")
    String reasoningEffort;

    @Option(names = "--eval-interval", description = "evalInterval in training steps, 1-100.")
    Integer evalInterval;

    Rft(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      var effort =
          reasoningEffort == null
              ? null
              : app.polychat.finetune.job.ReasoningEffort.parse(reasoningEffort);
      if (valUri != null) {
        context
            .terminal()
            .println(
                "Note: reinforcement fine-tuning takes no validation set; --val-uri is not sent.");
      }
      return submit(
          context,
          spec ->
              spec.baseModel(baseModel)
                  .reinforcement(
                      r ->
                          r.graderLambdaArn(graderLambdaArn)
                              .epochCount(epochs)
                              .batchSize(batchSize)
                              .learningRate(learningRate)
                              .trainingSamplePerPrompt(samplesPerPrompt)
                              .maxPromptLength(maxPromptLength)
                              .inferenceMaxTokens(inferenceMaxTokens)
                              .reasoningEffort(effort)
                              .evalInterval(evalInterval)),
          "Reinforcement fine-tuning "
              + baseModel
              + " on "
              + trainUri
              + ", graded by "
              + graderLambdaArn);
    }
  }

  /** The backend that knows a job id: the tracker for dry runs, Bedrock otherwise. */
  static CustomizationBackend backendFor(Components components, String jobId) {
    if (DryRuns.isDryRun(components, jobId)) {
      throw new FineTuneException(
          "'"
              + jobId
              + "' is a dry run: nothing was submitted, so there is nothing to watch or stop");
    }
    return components.bedrock(null, null);
  }

  @Command(
      name = "watch",
      description = "Watch a job until it ends: a line per change, losses as they come.",
      footer = {
        "",
        "Example:",
        "  finetune job watch arn:aws:bedrock:us-east-1:123456789012:model-customization-job/..."
      })
  static final class Watch implements Callable<Integer> {
    private final Context context;

    @Parameters(paramLabel = "JOB_ARN", description = "The job's ARN (or name).")
    String jobId;

    @Option(
        names = "--interval",
        description = "Seconds between polls (default: ${DEFAULT-VALUE}).",
        defaultValue = "30")
    int interval;

    Watch(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Terminal t = context.terminal();
      try (Components components = new Components(context)) {
        CustomizationBackend backend = backendFor(components, jobId);
        WatchLog log = new WatchLog(t, Instant.now());
        JobStatus end =
            JobWatcher.builder()
                .backend(backend)
                .tracker(components.tracker())
                .interval(Duration.ofSeconds(interval))
                .build()
                .await(jobId, Duration.ofDays(7), log::on);
        t.println();
        if (end.state() != JobState.COMPLETED && end.state().terminal()) {
          // why it failed comes before anything else
          end.failedStage().ifPresent(s -> t.println("Failed stage: " + s.stage()));
          if (end.failureMessage() != null) {
            t.println("Failure: " + end.failureMessage());
          }
        }
        if (end.state() == JobState.COMPLETED) {
          printLossCurve(t, backend);
          if (end.outputModelArn() != null) {
            t.println("Model:    " + end.outputModelArn());
          }
        }
        if (end.state().terminal()) {
          Reports.onJobEnd(context, components, backend, jobId);
          t.println();
          t.println("Next:");
          if (end.state() == JobState.COMPLETED) {
            String model = end.outputModelArn() != null ? end.outputModelArn() : "<model-arn>";
            t.println("  finetune model deploy " + model + "   # on-demand inference");
            t.println("  finetune model compare --custom " + model + " --base <base-model>");
          } else {
            t.println("  finetune report job " + jobId + "   # the whole story of the job");
            t.println("  finetune job create ...   # again, once the cause above is fixed");
          }
        }
        return end.state() == JobState.COMPLETED ? 0 : 1;
      }
    }

    /** The step-wise loss curve, when the service wrote one; a note (not a failure) otherwise. */
    private void printLossCurve(Terminal t, CustomizationBackend backend) {
      try {
        var metrics = backend.metrics(jobId);
        List<Double> curve =
            metrics.stream().map(m -> m.trainingLoss()).filter(v -> v != null).toList();
        if (!curve.isEmpty()) {
          t.println("Training loss over " + metrics.size() + " steps: " + Sparkline.of(curve));
        }
      } catch (FineTuneException e) {
        t.println("(loss curves not read: " + e.getMessage() + ")");
      }
    }

    static void print(Terminal t, JobStatus status) {
      new WatchLog(t, Instant.now()).on(status);
    }
  }

  /**
   * The lines of {@code job watch}: one when something changed (state, a sub-stage, a new loss),
   * nothing for a poll that saw the same, each with the clock and the time since the job started.
   */
  static final class WatchLog {
    private final Terminal t;
    private final Instant watchStarted;
    private final List<Double> losses = new ArrayList<>();
    private String lastState;
    private String lastStages;
    private Double lastTraining;
    private Double lastValidation;

    WatchLog(Terminal t, Instant watchStarted) {
      this.t = t;
      this.watchStarted = watchStarted;
    }

    void on(JobStatus status) {
      String stages =
          status.stages().stream()
              .map(s -> s.stage() + ": " + s.status())
              .collect(Collectors.joining(", "));
      boolean newState = !status.state().displayName().equals(lastState);
      boolean newStages = !stages.equals(lastStages);
      boolean newTraining =
          status.trainingLoss() != null && !status.trainingLoss().equals(lastTraining);
      boolean newValidation =
          status.validationLoss() != null && !status.validationLoss().equals(lastValidation);
      if (!newState && !newStages && !newTraining && !newValidation) {
        return;
      }
      Instant now = Instant.now();
      Instant from = status.createdAt() != null ? status.createdAt() : watchStarted;
      t.println(
          "["
              + CLOCK.format(now)
              + ", "
              + ProgressPrinter.human(
                  Duration.between(from, now).isNegative()
                      ? Duration.ZERO
                      : Duration.between(from, now))
              + " since start] Status: "
              + status.state().displayName()
              + (stages.isEmpty() ? "" : "  (" + stages + ")"));
      if (newTraining) {
        losses.add(status.trainingLoss());
        t.println("  Training Loss: " + status.trainingLoss());
      }
      if (newValidation) {
        t.println("  Validation Loss: " + status.validationLoss());
      }
      if (newTraining && losses.size() > 1) {
        t.println("  " + Sparkline.of(losses));
      }
      lastState = status.state().displayName();
      lastStages = stages;
      lastTraining = status.trainingLoss() != null ? status.trainingLoss() : lastTraining;
      lastValidation = status.validationLoss() != null ? status.validationLoss() : lastValidation;
    }
  }

  @Command(name = "status", description = "Show a job's status once.")
  static final class Status implements Callable<Integer> {
    private final Context context;

    @Parameters(paramLabel = "JOB_ARN")
    String jobId;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    Status(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      try (Components components = new Components(context)) {
        if (DryRuns.isDryRun(components, jobId)) {
          JobRecord record =
              components
                  .tracker()
                  .job(jobId)
                  .orElseThrow(
                      () -> new FineTuneException("no job '" + jobId + "' in the history"));
          context
              .terminal()
              .println(jobId + ": " + record.state().displayName() + " (nothing was submitted)");
          return 0;
        }
        JobStatus status = backendFor(components, jobId).describe(jobId);
        components.tracker().recordJobStatus(status);
        if (json) {
          context.terminal().println(Json.writePretty(toMap(status)));
        } else {
          Watch.print(context.terminal(), status);
          if (status.failureMessage() != null) {
            context.terminal().println("Failure: " + status.failureMessage());
          }
          if (status.outputModelArn() != null) {
            context.terminal().println("Model: " + status.outputModelArn());
          }
        }
        return 0;
      }
    }
  }

  static Map<String, Object> toMap(JobStatus s) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("jobArn", s.jobId());
    map.put("jobName", s.jobName());
    map.put("status", s.state().displayName());
    Map<String, String> stages = new LinkedHashMap<>();
    for (StageStatus stage : s.stages()) {
      stages.put(stage.stage(), stage.status());
    }
    map.put("stages", stages);
    map.put("failureMessage", s.failureMessage());
    map.put("outputModelArn", s.outputModelArn());
    map.put("createdAt", s.createdAt() == null ? null : s.createdAt().toString());
    map.put("endedAt", s.endedAt() == null ? null : s.endedAt().toString());
    map.put("trainingLoss", s.trainingLoss());
    map.put("validationLoss", s.validationLoss());
    return map;
  }

  @Command(
      name = "list",
      description = "List jobs from Bedrock, or from the local history with --local.")
  static final class ListJobs implements Callable<Integer> {
    private final Context context;

    @Option(names = "--local", description = "List jobs recorded in the local history.")
    boolean local;

    @Option(
        names = "--limit",
        description = "At most this many (default: ${DEFAULT-VALUE}).",
        defaultValue = "50")
    int limit;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    ListJobs(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Terminal t = context.terminal();
      try (Components components = new Components(context)) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (local) {
          for (JobRecord job : components.tracker().jobs(limit)) {
            rows.add(
                row(job.jobId(), job.jobName(), job.state(), job.baseModel(), job.createdAt()));
          }
        } else {
          CustomizationBackend backend = components.bedrock(null, null);
          JobQuery query = new JobQuery(null, null, null, Math.min(limit, 1000), null);
          while (rows.size() < limit) {
            var page = backend.list(query);
            for (JobSummary job : page.items()) {
              if (rows.size() < limit) {
                rows.add(
                    row(job.jobId(), job.jobName(), job.state(), job.baseModel(), job.createdAt()));
              }
            }
            if (page.next().isEmpty()) {
              break;
            }
            query = query.withPageToken(page.nextToken());
          }
        }
        if (json) {
          t.println(Json.writePretty(rows));
        } else if (rows.isEmpty()) {
          t.println(local ? "No jobs in the local history." : "No jobs.");
        } else {
          Table table =
              new Table("STATUS", "CREATED (" + zoneName() + ")", "NAME", "BASE MODEL", "ARN");
          for (Map<String, Object> row : rows) {
            table.row(
                row.get("status"),
                local((String) row.get("createdAt")),
                row.get("jobName"),
                row.get("baseModel"),
                row.get("jobArn"));
          }
          table.lines().forEach(t::println);
        }
        return 0;
      }
    }

    private static Map<String, Object> row(
        String id, String name, JobState state, String base, Instant created) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("jobArn", id);
      row.put("jobName", name);
      row.put("status", state.displayName());
      row.put("baseModel", base);
      row.put("createdAt", created == null ? "" : created.toString());
      return row;
    }

    /** An ISO instant as local time, to the minute (the zone is in the column's header). */
    private static String local(String instant) {
      return instant == null || instant.isEmpty()
          ? ""
          : LOCAL_MINUTE.format(Instant.parse(instant));
    }

    private static String zoneName() {
      return ZoneId.systemDefault()
          .getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ROOT);
    }
  }

  @Command(name = "stop", description = "Stop a running job (it goes through Stopping to Stopped).")
  static final class Stop implements Callable<Integer> {
    private final Context context;

    @Parameters(paramLabel = "JOB_ARN")
    String jobId;

    Stop(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      try (Components components = new Components(context)) {
        backendFor(components, jobId).stop(jobId);
        context
            .terminal()
            .println("Stopping " + jobId + ". Check with: finetune job status " + jobId);
        return 0;
      }
    }
  }
}
