package app.polychat.finetune.cli;

import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.Generation;
import app.polychat.finetune.check.AnswerChecks;
import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.polychat.PolychatMode;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.source.ExampleSource;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code finetune dataset generate} command. */
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
final class DatasetGenerateCommand implements java.util.concurrent.Callable<Integer> {
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
              + Teachers.DEFAULT_BEDROCK_TEACHER
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
              + PolychatExampleSource.DEFAULT_MAX_CONCURRENT_CALLS
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

  @picocli.CommandLine.Mixin SplitOptions splitting = new SplitOptions();

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

  DatasetGenerateCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    try (Components components = new Components(context)) {
      return run(components);
    }
  }

  /** The teacher --samples or --source chose. */
  private ExampleSource teacher(Components components, Path dir, int slots) {
    if (samples) {
      return components.teachers().samples(dir);
    }
    return switch (source.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "polychat" ->
          components
              .teachers()
              .teacher(
                  apiUrl,
                  apiKey,
                  teacher != null ? teacher : PolychatExampleSource.DEFAULT_MODEL,
                  concurrency,
                  limits.rateLimit,
                  limits.tokenLimit,
                  polychatMode());
      case "bedrock" ->
          components.teachers().bedrockTeacher(false, teacher, slots, bedrockRate(components));
      case "bedrock-batch" ->
          components.teachers().bedrockTeacher(true, teacher, slots, bedrockRate(components));
      default ->
          throw new app.polychat.finetune.support.FineTuneException(
              "--source must be polychat, bedrock or bedrock-batch, was '" + source + "'");
    };
  }

  private int bedrockRate(Components components) {
    return components
        .teachers()
        .number(
            limits.rateLimit,
            "--rate-limit",
            Teachers.RATE_LIMIT,
            app.polychat.finetune.bedrock.teacher.BedrockConverseExampleSource.DEFAULT_CALL_POLICY
                .requestsPerMinute(),
            0);
  }

  private PolychatMode polychatMode() {
    return switch (mode.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "app-generate", "app" -> PolychatMode.APP_GENERATE;
      case "chat-completions", "chat" -> PolychatMode.CHAT_COMPLETIONS;
      default ->
          throw new app.polychat.finetune.support.FineTuneException(
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
        components
            .teachers()
            .concurrency(concurrency, !samples && "polychat".equalsIgnoreCase(source.trim()));
    ProgressPrinter progress =
        new ProgressPrinter(context.err(), t.colour(), context.width(), slots);
    try (AnswerChecks answerChecks = checks.open(context);
        ExampleSource source = teacher(components, dir, slots);
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
                        .trainRatio(splitting.split)
                        .seed(splitting.seed)
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
