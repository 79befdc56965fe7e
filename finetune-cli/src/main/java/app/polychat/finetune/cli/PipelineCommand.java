package app.polychat.finetune.cli;

import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.Generation;
import app.polychat.finetune.TrainingJob;
import app.polychat.finetune.Upload;
import app.polychat.finetune.generate.GenerationResult;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.source.ExampleSource;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code finetune pipeline run}: generate → upload → train → watch in one go. */
@Command(
    name = "pipeline",
    description = "Run every stage in one go.",
    subcommands = PipelineCommand.Run.class)
final class PipelineCommand {

  @Command(
      name = "run",
      description = {
        "Generate a dataset, store it, submit the training job and watch it.",
        "Without API and AWS settings it runs on the embedded defaults: the shipped Strudel sample set as"
            + " the teacher, a local folder as the store, and a dry run that writes the Bedrock request"
            + " instead of sending it.",
        "A short dataset (requests still missing) stops the run before the upload with exit code 3,"
            + " how many are missing and the command that completes it; --allow-partial goes on."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:done",
        "1:failure (a stopped run, an unusable dataset, a bad setting)",
        "2:usage error",
        "3:dataset short: requests are missing and nothing was uploaded; the message says how many"
            + " and the command that completes it (or accept it with --allow-partial)"
      },
      footer = {"", "Example:", "  finetune pipeline run --count 54 --output datasets/strudel"})
  static final class Run implements java.util.concurrent.Callable<Integer> {
    private final Context context;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"--prompts", "--config"},
        paramLabel = "FILE",
        description = "Prompt config (default: configs/strudel-prompts.json).")
    Path prompts;

    @Option(
        names = "--count",
        description =
            "Examples to generate (default: 300 with a teacher API, the sample set's size without).")
    Integer count;

    @Option(
        names = "--output",
        paramLabel = "DIR",
        description = "Dataset folder (default: ${DEFAULT-VALUE}).",
        defaultValue = "datasets/strudel")
    Path output;

    @Option(
        names = "--project",
        description = "Project name (default: ${DEFAULT-VALUE}).",
        defaultValue = "strudel")
    String project;

    @Option(
        names = "--base-model",
        description = "Model to customize (default: ${DEFAULT-VALUE}).",
        defaultValue = "amazon.nova-lite-v1:0:300k")
    String baseModel;

    @Option(
        names = "--epochs",
        description = "Epochs (default: ${DEFAULT-VALUE}).",
        defaultValue = "2")
    int epochs;

    @Option(
        names = "--seed",
        description = "Split seed (default: ${DEFAULT-VALUE}).",
        defaultValue = "42")
    long seed;

    @Option(names = "--dry-run", description = "Never submit a job, even with AWS settings.")
    boolean dryRun;

    @picocli.CommandLine.Mixin TeacherLimits limits = new TeacherLimits();

    @picocli.CommandLine.Mixin YesOption consent = new YesOption();

    Run(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      try (Components components = new Components(context)) {
        return run(components);
      }
    }

    private int run(Components components) {
      Terminal t = context.terminal();
      PromptCatalog catalog = components.prompts(prompts);
      Path dir = context.path(output);
      // asked before the first teacher call, so a refusal wastes nothing
      if (!components.writesDryRun(dryRun) && !consent.yes) {
        BilledConsent.Answer answer =
            BilledConsent.ask(
                context,
                "not started: this run ends by submitting a training job AWS bills",
                "This run ends by submitting a training job AWS bills. Go on? [y/N] ");
        if (answer == BilledConsent.Answer.NO_TERMINAL) {
          return JobCommand.NOT_CONFIRMED;
        }
        if (answer == BilledConsent.Answer.DECLINED) {
          t.println("Nothing was run.");
          return 1;
        }
      }
      try (ExampleSource source =
              components.teachers().teacherOrSamples(dir, limits.rateLimit, limits.tokenLimit);
          FineTunePipeline pipeline =
              components.pipeline(catalog, source, dir, project, dryRun).build()) {
        t.println(t.bold("finetune pipeline run") + ": generate → upload → train");
        components.describe().forEach((k, v) -> t.println(String.format("  %-8s %s", k + ":", v)));
        t.println();
        int planned = count != null ? count : components.teachers().defaultCount();
        Generation generation;
        StopOnCtrlC ctrlC = new StopOnCtrlC(pipeline);
        try {
          generation =
              pipeline.generate(
                  g ->
                      g.count(planned)
                          .seed(seed)
                          .maxAttempts(limits.maxAttempts)
                          .allowPartial(limits.allowPartial)
                          .outputDir(dir));
        } catch (app.polychat.finetune.generate.GenerationIncompleteException e) {
          return Shortfalls.report(context, e, spec, limits.maxAttempts);
        } finally {
          ctrlC.close();
        }
        GenerationResult result = generation.result().orElseThrow();
        Summaries.generation(t, context.workDir(), result);
        Shortfalls.partial(t, generation);
        Upload upload = generation.upload(u -> u.project(project));
        t.println("Stored:");
        t.println("  Training:   " + upload.stored().trainingUri());
        upload.stored().validation().ifPresent(v -> t.println("  Validation: " + v));
        TrainingJob job = upload.train(s -> s.baseModel(baseModel).epochs(epochs));
        t.println("Job: " + job.jobId());
        JobStatus status =
            job.await(Duration.ofDays(2), s -> t.println("  status: " + s.state().displayName()));
        Summaries.job(t, context.workDir(), status, dir);
        return status.state() == JobState.FAILED || status.state() == JobState.STOPPED ? 1 : 0;
      }
    }
  }
}
