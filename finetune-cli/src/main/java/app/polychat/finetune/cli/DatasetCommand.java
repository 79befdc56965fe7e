package app.polychat.finetune.cli;

import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.Generation;
import app.polychat.finetune.check.AnswerChecks;
import app.polychat.finetune.check.ValiditySummary;
import app.polychat.finetune.dataset.DatasetImporter;
import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.polychat.PolychatMode;
import app.polychat.finetune.polychat.ResilienceSettings;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.source.ExampleSource;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code finetune dataset ...}: generate, import, validate, upload and inspect datasets. */
@Command(
    name = "dataset",
    description = "Generate, import, validate and upload datasets.",
    subcommands = {
      DatasetCommand.Generate.class,
      DatasetCommand.Validate.class,
      DatasetCommand.Upload.class,
      DatasetCommand.Stats.class,
      DatasetCommand.Import.class,
      DatasetCommand.Convert.class,
      DatasetCommand.Check.class
    })
final class DatasetCommand {

  @Command(
      name = "generate",
      description = {
        "Call the teacher --count times, cycling every style × complexity, and write train.jsonl and"
            + " validation.jsonl. Every answer is journaled as it arrives: rerunning the same command"
            + " resumes (Ctrl-C is safe) and asks again for what failed (up to --max-attempts asks"
            + " per request), a larger --count tops up.",
        "A short dataset (requests still missing) is not written: the command exits 3 and prints"
            + " how many are missing and the command that completes it; --allow-partial accepts it."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:done (every planned request has an accepted or dropped answer)",
        "1:failure (a stopped run, an unusable dataset, a bad setting)",
        "2:usage error",
        "3:dataset short: requests are missing and nothing was written; the message says how many"
            + " and the command that completes it (or accept it with --allow-partial)"
      },
      footer = {
        "",
        "Examples:",
        "  finetune dataset generate --count 300 --teacher claude-4-5-sonnet --output ./datasets/strudel",
        "  finetune dataset generate --styles techno,house --complexities simple --count 60",
        "  finetune dataset generate --allow-partial     # accept a dataset with requests missing",
        "  finetune dataset generate --mode chat-completions --prompts configs/my-use-case.json",
        "  finetune dataset generate --source bedrock --teacher us.amazon.nova-premier-v1:0 --count 300",
        "  finetune dataset generate --source bedrock-batch --count 20000   # ~half price, hours not days",
        "  finetune dataset generate --check strudel    # run every answer in the Strudel engine, re-ask broken ones"
      })
  static final class Generate implements java.util.concurrent.Callable<Integer> {
    private final Context context;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--count",
        description = "Examples to generate (default: 300; with --samples, the sample set's size).")
    Integer count;

    @Option(
        names = "--api-url",
        description = "Polychat API URL (default: API_URL from the environment or .env).")
    String apiUrl;

    @Option(
        names = "--api-key",
        description = "API key (default: API_KEY from the environment or .env).")
    String apiKey;

    @Option(
        names = "--source",
        paramLabel = "SOURCE",
        completionCandidates = Sources.class,
        description = {
          "Teacher: polychat (the Polychat API, API_URL), bedrock (Bedrock Converse, on demand) or"
              + " bedrock-batch (Bedrock batch inference: files in BEDROCK_TRAINING_BUCKET, jobs"
              + " run by BEDROCK_ROLE_ARN; about half the on-demand price). Default: ${DEFAULT-VALUE}."
        },
        defaultValue = "polychat")
    String source;

    @Option(
        names = "--teacher",
        paramLabel = "MODEL",
        description =
            "Teacher model: a Polychat model for --source polychat (default "
                + PolychatExampleSource.DEFAULT_MODEL
                + "), a Bedrock model id or inference profile for bedrock and bedrock-batch"
                + " (default "
                + Components.DEFAULT_BEDROCK_TEACHER
                + ").")
    String teacher;

    /** The name before --teacher; kept so existing scripts work. */
    @Option(names = "--model", hidden = true)
    void modelAlias(String value) {
      teacher = value;
    }

    @Option(
        names = "--styles",
        split = ",",
        description = "Comma-separated styles (default: all in the prompt config).")
    List<String> styles = List.of();

    @Option(
        names = "--complexities",
        split = ",",
        description = "Comma-separated complexities (default: all).")
    List<String> complexities = List.of();

    @Option(
        names = "--output",
        paramLabel = "DIR",
        description = "Output folder (default: ${DEFAULT-VALUE}).",
        defaultValue = "datasets/strudel")
    Path output;

    @Option(
        names = "--prompts",
        paramLabel = "FILE",
        description = "Prompt config (default: configs/strudel-prompts.json).")
    Path prompts;

    @Option(
        names = "--concurrency",
        description =
            "Teacher calls in flight (default: FINETUNE_CONCURRENCY, else "
                + ResilienceSettings.DEFAULT_MAX_CONCURRENT_CALLS
                + " for polychat, 8 for bedrock).")
    Integer concurrency;

    @picocli.CommandLine.Mixin TeacherLimits limits = new TeacherLimits();

    @Option(
        names = "--mode",
        paramLabel = "MODE",
        description =
            "Polychat endpoint: app-generate (POST /apps/strudel/generate, the Strudel app; styles"
                + " must be ones it accepts) or chat-completions (POST /chat/completions, any prompt"
                + " config). Default: ${DEFAULT-VALUE}.",
        defaultValue = "app-generate")
    String mode;

    @Option(
        names = "--split",
        description = "Training share (default: ${DEFAULT-VALUE}, i.e. 80/20).",
        defaultValue = "0.8")
    double split;

    @Option(
        names = "--seed",
        description = "Split seed (default: ${DEFAULT-VALUE}).",
        defaultValue = "42")
    long seed;

    @Option(
        names = "--fresh",
        description = "Start over instead of resuming the journal of the same plan.")
    boolean fresh;

    @Option(
        names = "--no-retry-failed",
        description =
            "Do not ask again for requests that failed in earlier runs (by default a rerun asks"
                + " again, up to --max-attempts asks per request).")
    boolean noRetryFailed;

    /** The old opt-in, now the default: accepted so existing scripts keep working. */
    @Option(names = "--retry-failed", hidden = true)
    boolean retryFailedIsTheDefault;

    @Option(
        names = "--resume",
        description = "Resume (the default whenever a journal for the same plan exists).")
    boolean resume;

    @Option(
        names = "--samples",
        description = "Use the shipped sample set as the teacher (no API needed).")
    boolean samples;

    @picocli.CommandLine.Mixin CheckOptions checks = new CheckOptions();

    @Option(
        names = "--check-asks",
        paramLabel = "N",
        description =
            "How often one request may be asked when its answers fail a --check (default:"
                + " ${DEFAULT-VALUE}; 1 drops without asking again).",
        defaultValue = "3")
    int checkAsks;

    Generate(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      try (Components components = new Components(context)) {
        return run(components);
      }
    }

    /** The teacher --samples or --source chose. */
    private ExampleSource teacher(
        Components components, Path dir, int slots, ProgressPrinter progress) {
      if (samples) {
        return components.samples(dir);
      }
      return switch (source.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "polychat" ->
            components.teacher(
                apiUrl,
                apiKey,
                teacher != null ? teacher : PolychatExampleSource.DEFAULT_MODEL,
                concurrency,
                limits.rateLimit,
                limits.tokenLimit,
                polychatMode(),
                progress);
        case "bedrock" ->
            components.bedrockTeacher(false, teacher, slots, bedrockRate(components), progress);
        case "bedrock-batch" ->
            components.bedrockTeacher(true, teacher, slots, bedrockRate(components), progress);
        default ->
            throw new app.polychat.finetune.FineTuneException(
                "--source must be polychat, bedrock or bedrock-batch, was '" + source + "'");
      };
    }

    private int bedrockRate(Components components) {
      return components.number(
          limits.rateLimit,
          "--rate-limit",
          Components.RATE_LIMIT,
          app.polychat.finetune.bedrock.ConverseSettings.ofDefaults().requestsPerMinute(),
          0);
    }

    private PolychatMode polychatMode() {
      return switch (mode.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "app-generate", "app" -> PolychatMode.APP_GENERATE;
        case "chat-completions", "chat" -> PolychatMode.CHAT_COMPLETIONS;
        default ->
            throw new app.polychat.finetune.FineTuneException(
                "--mode must be app-generate or chat-completions, was '" + mode + "'");
      };
    }

    /** The values of --source, for help and shell completion. */
    static final class Sources extends java.util.ArrayList<String> {
      private static final long serialVersionUID = 1L;

      Sources() {
        super(List.of("polychat", "bedrock", "bedrock-batch"));
      }
    }

    private int run(Components components) {
      Terminal t = context.terminal();
      PromptCatalog catalog = components.prompts(prompts);
      Path dir = context.path(output);
      int slots =
          components.concurrency(
              concurrency, !samples && "polychat".equalsIgnoreCase(source.trim()));
      ProgressPrinter progress =
          new ProgressPrinter(context.err(), t.colour(), context.width(), slots);
      try (AnswerChecks answerChecks = checks.open(context);
          ExampleSource source = teacher(components, dir, slots, progress);
          FineTunePipeline pipeline =
              components
                  .pipeline(catalog, source, dir, FineTunePipeline.DEFAULT_PROJECT, true)
                  .concurrency(slots)
                  .listener(progress)
                  .checks(answerChecks)
                  .checkAsks(checkAsks)
                  .build()) {
        StopOnCtrlC ctrlC = new StopOnCtrlC(pipeline);
        try {
          Generation generation;
          try {
            generation =
                pipeline.generate(
                    g -> {
                      if (count != null) {
                        g.count(count);
                      }
                      g.styles(styles)
                          .complexities(complexities)
                          .trainRatio(split)
                          .seed(seed)
                          .fresh(fresh)
                          .retryFailed(!noRetryFailed)
                          .maxAttempts(limits.maxAttempts)
                          .allowPartial(limits.allowPartial)
                          .outputDir(dir);
                    });
          } catch (app.polychat.finetune.generate.GenerationIncompleteException e) {
            t.println();
            return Shortfalls.report(context, e, spec, limits.maxAttempts);
          }
          t.println();
          Summaries.generation(t, context.workDir(), generation.result().orElseThrow());
          Shortfalls.partial(t, generation);
          if (!answerChecks.isEmpty()) {
            t.println("Answer checks (every answer, including the ones asked again):");
            CheckOptions.print(t, answerChecks.summary(), 5);
          }
          t.println(
              "Recorded as dataset "
                  + generation.record().datasetId()
                  + " in "
                  + components.trackerDescription());
          return 0;
        } finally {
          ctrlC.close();
        }
      }
    }
  }

  @Command(
      name = "import",
      description =
          "Turn existing examples (Bedrock, OpenAI chat or prompt/completion JSONL) into a filtered, deduplicated, split Bedrock dataset.",
      footer = {
        "",
        "Example:",
        "  finetune dataset import --input export.jsonl --output datasets/imported"
      })
  static final class Import implements Runnable {
    private final Context context;

    @Option(
        names = "--input",
        required = true,
        paramLabel = "FILE",
        description = "Examples to import.")
    Path input;

    @Option(
        names = "--output",
        required = true,
        paramLabel = "DIR",
        description = "Where train.jsonl and validation.jsonl go.")
    Path output;

    @Option(
        names = "--split",
        description = "Training share (default: ${DEFAULT-VALUE}).",
        defaultValue = "0.8")
    double split;

    @Option(
        names = "--seed",
        description = "Split seed (default: ${DEFAULT-VALUE}).",
        defaultValue = "42")
    long seed;

    Import(Context context) {
      this.context = context;
    }

    @Override
    public void run() {
      Terminal t = context.terminal();
      var result =
          DatasetImporter.builder()
              .trainRatio(split)
              .seed(seed)
              .build()
              .importFile(context.path(input), context.path(output));
      t.println(String.format("Read %d records (%s)", result.read(), result.inputFormatId()));
      var dataset = result.dataset();
      t.println(Summaries.relative(context.workDir(), dataset.train().getParent()) + "/");
      t.println(
          String.format(
              "  %s train.jsonl       (%d examples)",
              dataset.validation() == null ? "└─" : "├─", dataset.trainCount()));
      if (dataset.validation() != null) {
        t.println(String.format("  └─ validation.jsonl  (%d examples)", dataset.validationCount()));
      }
      result
          .dropsByReason()
          .forEach((reason, n) -> t.println(String.format("  dropped %4d  %s", n, reason)));
    }
  }

  @Command(
      name = "convert",
      description = {
        "Rewrite dataset files in another format. --to rft turns generated or imported examples"
            + " into reinforcement fine-tuning records: each answer becomes the reference_answer the"
            + " grader compares with, and every --input goes into one file (RFT takes no"
            + " validation set)."
      },
      footer = {
        "",
        "Example:",
        "  finetune dataset convert --to rft --input datasets/strudel/train.jsonl \\",
        "      --input datasets/strudel/validation.jsonl --output datasets/strudel/train-rft.jsonl"
      })
  static final class Convert implements Runnable {
    private final Context context;

    @Option(
        names = "--input",
        required = true,
        paramLabel = "FILE",
        description = "A file to convert (repeat for several; records are written in order).")
    List<Path> inputs;

    @Option(
        names = "--output",
        required = true,
        paramLabel = "FILE",
        description = "File to write.")
    Path output;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "FORMAT",
        description =
            "rft (bedrock-rft), or any format id: bedrock-conversation-2024, openai-chat, ...")
    String to;

    Convert(Context context) {
      this.context = context;
    }

    @Override
    public void run() {
      String formatId =
          to.equalsIgnoreCase("rft")
              ? app.polychat.finetune.format.BedrockRftFormatter.FORMAT_ID
              : to;
      var result =
          app.polychat.finetune.dataset.DatasetConverter.convert(
              inputs.stream().map(context::path).toList(),
              context.path(output),
              app.polychat.finetune.format.DatasetFormats.byId(formatId));
      Terminal t = context.terminal();
      result
          .inputFormats()
          .forEach(
              (file, format) ->
                  t.println(
                      "Read " + Summaries.relative(context.workDir(), file) + " (" + format + ")"));
      t.println(
          String.format(
              "Wrote %s (%d records, %s)",
              Summaries.relative(context.workDir(), result.output()),
              result.records(),
              result.formatId()));
      if (formatId.equals(app.polychat.finetune.format.BedrockRftFormatter.FORMAT_ID)) {
        t.println(
            "Next: finetune dataset validate --train "
                + Summaries.relative(context.workDir(), result.output())
                + " --model nova-2-lite --method rft");
      }
    }
  }

  @Command(
      name = "upload",
      description = {
        "Upload train and validation files to the training bucket (BEDROCK_TRAINING_BUCKET), under"
            + " {project}/{content hash}/: uploading the same files again reuses that copy and"
            + " prints the same URIs, so job create with them is the same job. Files the local"
            + " history knows (from dataset generate) keep their lineage."
      },
      footer = {
        "",
        "Example:",
        "  finetune dataset upload --train ./datasets/strudel/train.jsonl \\",
        "      --validation ./datasets/strudel/validation.jsonl --project strudel"
      })
  static final class Upload implements Runnable {
    private final Context context;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training file.")
    Path train;

    @Option(
        names = "--validation",
        paramLabel = "FILE",
        description = "Validation file (optional).")
    Path validation;

    @Option(
        names = "--project",
        description = "Project folder in the bucket (default: ${DEFAULT-VALUE}).",
        defaultValue = "strudel")
    String project;

    @Option(
        names = "--fresh",
        description =
            "Upload a new copy into a timestamped folder (new URIs, so job create makes a new job)"
                + " instead of reusing the copy stored under the files' content hash.")
    boolean fresh;

    @Option(
        names = "--resume",
        description =
            "With --fresh: skip files already stored anywhere under the project with the same"
                + " checksum. (Without --fresh identical files are always reused.)")
    boolean resume;

    @Option(
        names = "--method",
        description =
            "What the files are for, checked before upload: fine-tuning, distillation or rft"
                + " (default: ${DEFAULT-VALUE}).",
        defaultValue = "fine-tuning")
    String method;

    @Option(
        names = "--model",
        description = "Target model (default: nova-lite; nova-2-lite with --method rft).")
    String model;

    Upload(Context context) {
      this.context = context;
    }

    private boolean rft() {
      return app.polychat.finetune.validate.ModelRules.parseMethod(method)
          == app.polychat.finetune.job.CustomizationType.REINFORCEMENT_FINE_TUNING;
    }

    private app.polychat.finetune.validate.DatasetValidator validator() {
      return app.polychat.finetune.validate.DatasetValidator.builder()
          .model(model != null ? model : rft() ? "nova-2-lite" : "nova-lite")
          .method(method)
          .build();
    }

    @Override
    public void run() {
      String bucket =
          context
              .settings()
              .get("BEDROCK_TRAINING_BUCKET")
              .orElseThrow(
                  () ->
                      new app.polychat.finetune.FineTuneException(
                          "no training bucket: set BEDROCK_TRAINING_BUCKET in the environment or .env"));
      try (Components components = new Components(context)) {
        Path trainFile = context.path(train);
        try (FineTunePipeline pipeline =
            FineTunePipeline.builder()
                .tracker(components.tracker())
                .store(components.s3Store(bucket, resume))
                .outputDir(trainFile.getParent())
                .project(project)
                .validator(validator())
                .build()) {
          var upload =
              pipeline
                  .dataset(trainFile, validation == null ? null : context.path(validation))
                  .upload(u -> u.project(project).fresh(fresh));
          Terminal t = context.terminal();
          upload
              .record()
              .filter(d -> d.runId() != null)
              .ifPresent(
                  d ->
                      t.println(
                          "Dataset "
                              + d.datasetId()
                              + " (generated by run "
                              + d.runId()
                              + "): the job will trace back to it."));
          t.println("S3 URIs:");
          t.println("  Training: " + upload.stored().trainingUri());
          upload.stored().validation().ifPresent(v -> t.println("  Validation: " + v));
          t.println();
          if (rft()) {
            t.println(
                "Next: finetune job rft --name <name> --grader-lambda-arn <ARN> --train-uri "
                    + upload.stored().trainingUri());
            return;
          }
          t.println(
              "Next: finetune job create --name <name> --base-model amazon.nova-lite-v1:0:300k \\");
          t.println(
              "        --train "
                  + upload.stored().trainingUri()
                  + upload.stored().validation().map(v -> " --validation " + v).orElse(""));
        }
      }
    }
  }

  @Command(
      name = "validate",
      description = {
        "Check dataset files against Bedrock's rules for the target model before any money is spent:"
            + " every problem with its file, line, JSON path and how to fix it, plus statistics.",
        "Exits 1 when there is an error, or when --check finds an answer that fails."
      },
      footer = {
        "",
        "Examples:",
        "  finetune dataset validate --train ./datasets/strudel/train.jsonl --validation ./datasets/strudel/validation.jsonl",
        "  finetune dataset validate --train prompts.jsonl --base-model nova-micro --method distillation --json"
      })
  static final class Validate implements java.util.concurrent.Callable<Integer> {
    private final Context context;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training file.")
    Path train;

    @Option(
        names = "--validation",
        paramLabel = "FILE",
        description = "Validation file (optional).")
    Path validation;

    @Option(
        names = "--base-model",
        paramLabel = "MODEL",
        description =
            "Model to train, id or alias: nova-micro, nova-lite, nova-pro, nova-2-lite (default: nova-lite; nova-2-lite with --method rft).")
    String model;

    /** The name before --base-model; kept so existing scripts work. */
    @Option(names = "--model", hidden = true)
    void modelAlias(String value) {
      model = value;
    }

    @Option(
        names = "--method",
        description = "fine-tuning, distillation or rft (default: ${DEFAULT-VALUE}).",
        defaultValue = "fine-tuning")
    String method;

    @Option(
        names = "--max-findings",
        description = "Findings to print (all are counted; default: ${DEFAULT-VALUE}).",
        defaultValue = "50")
    int maxFindings;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @picocli.CommandLine.Mixin CheckOptions checks = new CheckOptions();

    Validate(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      var report =
          app.polychat.finetune.validate.DatasetValidator.builder()
              .model(
                  model != null
                      ? model
                      : app.polychat.finetune.validate.ModelRules.parseMethod(method)
                              == app.polychat.finetune.job.CustomizationType
                                  .REINFORCEMENT_FINE_TUNING
                          ? "nova-2-lite"
                          : "nova-lite")
              .method(method)
              .maxPrintedFindings(maxFindings)
              .build()
              .validate(context.path(train), validation == null ? null : context.path(validation));
      if (!checks.any()) {
        context.terminal().println(json ? report.toJson() : report.toText(maxFindings));
        return report.hasErrors() ? 1 : 0;
      }
      java.util.Map<String, ValiditySummary> validity = new java.util.LinkedHashMap<>();
      try (AnswerChecks answerChecks = checks.open(context)) {
        validity.put(train.toString(), answerChecks.checkFile(context.path(train)));
        if (validation != null) {
          validity.put(validation.toString(), answerChecks.checkFile(context.path(validation)));
        }
      }
      if (json) {
        com.fasterxml.jackson.databind.ObjectMapper mapper =
            new com.fasterxml.jackson.databind.ObjectMapper();
        try {
          com.fasterxml.jackson.databind.node.ObjectNode root =
              (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(report.toJson());
          root.set("validity", Validity.toJson(mapper, validity));
          context
              .terminal()
              .println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      } else {
        context.terminal().println(report.toText(maxFindings));
        validity.forEach(
            (file, summary) -> {
              context.terminal().println(file + ":");
              CheckOptions.print(context.terminal(), summary, 10);
            });
      }
      boolean allValid = validity.values().stream().allMatch(v -> v.valid() == v.checked());
      return report.hasErrors() || !allValid ? 1 : 0;
    }
  }

  @Command(
      name = "stats",
      description =
          "Statistics of a dataset file: records, tokens, turns, styles and complexities.",
      footer = {"", "Example:", "  finetune dataset stats ./datasets/strudel/train.jsonl"})
  static final class Stats implements java.util.concurrent.Callable<Integer> {
    private final Context context;

    @picocli.CommandLine.Parameters(paramLabel = "FILE", description = "Dataset file.")
    Path file;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    Stats(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      var report =
          app.polychat.finetune.validate.DatasetValidator.builder()
              .recordCountChecks(false)
              .build()
              .validate(context.path(file));
      context.terminal().println(json ? report.toJson() : report.toText(0));
      return 0;
    }
  }

  @Command(
      name = "check",
      description = {
        "Run answer checks over the final answer of every record of dataset files (any format the"
            + " validator reads): the validity rate, the failures by reason with the check's own"
            + " message, and each check's timing.",
        "Exits 1 when an answer fails."
      },
      footer = {
        "",
        "Examples:",
        "  finetune dataset check --check strudel ./datasets/strudel/train.jsonl",
        "  finetune dataset check --check strudel --json ./datasets/strudel/*.jsonl"
      })
  static final class Check implements java.util.concurrent.Callable<Integer> {
    private final Context context;

    @picocli.CommandLine.Parameters(
        arity = "1..*",
        paramLabel = "FILE",
        description = "Dataset files.")
    List<Path> files;

    @picocli.CommandLine.Mixin CheckOptions checks = new CheckOptions();

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(
        names = "--examples",
        paramLabel = "N",
        description = "Failures to print per file (default: ${DEFAULT-VALUE}).",
        defaultValue = "10")
    int examples;

    Check(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      if (!checks.any()) {
        throw new IllegalArgumentException("name a check to run: --check strudel");
      }
      java.util.Map<String, ValiditySummary> validity = new java.util.LinkedHashMap<>();
      try (AnswerChecks answerChecks = checks.open(context)) {
        for (Path file : files) {
          validity.put(file.toString(), answerChecks.checkFile(context.path(file)));
        }
      }
      Terminal t = context.terminal();
      if (json) {
        com.fasterxml.jackson.databind.ObjectMapper mapper =
            new com.fasterxml.jackson.databind.ObjectMapper();
        try {
          t.println(
              mapper
                  .writerWithDefaultPrettyPrinter()
                  .writeValueAsString(Validity.toJson(mapper, validity)));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      } else {
        validity.forEach(
            (file, summary) -> {
              t.println(file + ":");
              CheckOptions.print(t, summary, examples);
            });
      }
      boolean noAnswers = validity.values().stream().allMatch(v -> v.checked() == 0);
      if (noAnswers) {
        context.err().println("error: no answers to check (prompt-only records have none)");
        return 1;
      }
      return validity.values().stream().allMatch(v -> v.valid() == v.checked()) ? 0 : 1;
    }
  }
}
