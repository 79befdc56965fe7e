package app.polychat.finetune.cli;

import static app.polychat.finetune.cli.JobCommand.NOT_CONFIRMED;

import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.TrainSpec;
import app.polychat.finetune.TrainingJob;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** Options shared by create and distill. */
class JobSubmission {
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

  @picocli.CommandLine.Mixin YesOption consent = new YesOption();

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
        components.describe().forEach((k, v) -> t.println(String.format("  %-8s %s", k + ":", v)));
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
        if (!components.writesDryRun(dryRun) && !consent.yes) {
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
