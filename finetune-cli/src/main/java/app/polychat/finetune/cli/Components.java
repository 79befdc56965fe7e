package app.polychat.finetune.cli;

import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.bedrock.teacher.BedrockBatchExampleSource;
import app.polychat.finetune.bedrock.teacher.BedrockConverseExampleSource;
import app.polychat.finetune.bedrock.training.BedrockCustomizationBackend;
import app.polychat.finetune.bedrock.training.S3DatasetStore;
import app.polychat.finetune.job.CustomizationBackend;
import app.polychat.finetune.job.DryRunBackend;
import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.polychat.PolychatMode;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.source.JsonlExampleSource;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.store.DatasetStore;
import app.polychat.finetune.store.LocalDirectoryStore;
import app.polychat.finetune.strudel.StrudelPack;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.track.RunTracker;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the pipeline's components from the settings: real services where they are configured, the
 * embedded defaults elsewhere, and says which it chose.
 */
final class Components implements AutoCloseable {
  static final String DEFAULT_PROMPTS = "configs/strudel-prompts.json";
  private final Context context;
  private final Map<String, String> described = new LinkedHashMap<>();
  private int sampleCount;
  private RunTracker tracker;
  private final List<AutoCloseable> owned = new ArrayList<>();

  Components(Context context) {
    this.context = context;
  }

  /**
   * The given prompt config, else ./configs/strudel-prompts.json, else the Strudel pack's copy (a
   * resource of finetune-strudel).
   */
  PromptCatalog prompts(Path given) {
    if (given != null) {
      return PromptCatalog.load(context.path(given));
    }
    Path local = context.workDir().resolve(DEFAULT_PROMPTS);
    if (Files.isRegularFile(local)) {
      return PromptCatalog.load(local);
    }
    return StrudelPack.prompts();
  }

  /** The teacher API when API_URL is set; otherwise the shipped sample set. */
  ExampleSource teacherOrSamples(Path datasetDir, Integer rateLimit, Integer tokenLimit) {
    if (context.settings().get("API_URL").isPresent()) {
      return teacher(
          null,
          null,
          PolychatExampleSource.DEFAULT_MODEL,
          null,
          rateLimit,
          tokenLimit,
          PolychatMode.APP_GENERATE);
    }
    return samples(datasetDir);
  }

  /** The environment variable behind {@code --rate-limit}. */
  static final String RATE_LIMIT = "FINETUNE_RATE_LIMIT";

  /** The environment variable behind {@code --token-limit}. */
  static final String TOKEN_LIMIT = "FINETUNE_TOKEN_LIMIT";

  /** The environment variable behind {@code --concurrency}. */
  static final String CONCURRENCY = "FINETUNE_CONCURRENCY";

  /**
   * A whole number from a flag, else the named setting (environment or .env), else the default.
   *
   * @throws FineTuneException naming the setting when its value is not a number at least {@code
   *     min}
   */
  int number(Integer flag, String flagName, String setting, int fallback, int min) {
    if (flag != null) {
      if (flag < min) {
        throw new FineTuneException(flagName + " must be " + min + " or more, was " + flag);
      }
      return flag;
    }
    Optional<String> value = context.settings().get(setting);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.get().trim());
      if (parsed >= min) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new FineTuneException(
        setting
            + " must be a whole number, "
            + min
            + " or more, was '"
            + value.get()
            + "' (it sets "
            + flagName
            + ")");
  }

  /** Calls in flight for a teacher: the flag, else FINETUNE_CONCURRENCY, else its default. */
  int concurrency(Integer flag, boolean polychat) {
    return number(
        flag,
        "--concurrency",
        CONCURRENCY,
        polychat
            ? PolychatExampleSource.DEFAULT_MAX_CONCURRENT_CALLS
            : BedrockConverseExampleSource.DEFAULT_CALL_POLICY.maxConcurrentCalls(),
        1);
  }

  /**
   * The Polychat API. Flags win over API_URL/API_KEY and FINETUNE_RATE_LIMIT/TOKEN_LIMIT/
   * CONCURRENCY from the environment or .env; unset numbers take {@link
   * PolychatExampleSource#DEFAULT_CALL_POLICY}'s values, so the command line and the SDK behave the
   * same. Retries and rate-limit waits reach the progress line through the generation engine's
   * listener.
   *
   * @throws FineTuneException naming the variable when no API URL is set
   */
  ExampleSource teacher(
      String apiUrl,
      String apiKey,
      String model,
      Integer concurrency,
      Integer requestsPerMinute,
      Integer tokensPerMinute,
      PolychatMode mode) {
    String url =
        apiUrl != null
            ? apiUrl
            : context
                .settings()
                .get("API_URL")
                .orElseThrow(
                    () ->
                        new FineTuneException(
                            "no teacher API: set API_URL in the environment or .env, or pass --api-url"
                                + " (or --samples to use the shipped sample set)"));
    String key = apiKey != null ? apiKey : context.settings().get("API_KEY").orElse(null);
    int slots = concurrency(concurrency, true);
    int rate =
        number(
            requestsPerMinute,
            "--rate-limit",
            RATE_LIMIT,
            PolychatExampleSource.DEFAULT_REQUESTS_PER_MINUTE,
            0);
    int tokens =
        number(
            tokensPerMinute,
            "--token-limit",
            TOKEN_LIMIT,
            PolychatExampleSource.DEFAULT_CALL_POLICY.tokensPerMinute(),
            0);
    PolychatExampleSource source =
        PolychatExampleSource.builder()
            .apiUrl(url)
            .apiKey(key)
            .model(model)
            .mode(mode)
            .callPolicy(
                p -> p.requestsPerMinute(rate).tokensPerMinute(tokens).maxConcurrentCalls(slots))
            .build();
    described.put(
        "teacher",
        source.describe()
            + " at "
            + url
            + " ("
            + (rate == 0 ? "no request limit" : "at most " + rate + " requests/minute")
            + (tokens == 0 ? "" : ", " + tokens + " tokens/minute")
            + ", "
            + slots
            + " in flight)");
    return source;
  }

  /** The teacher on Bedrock when --teacher names none: Claude Sonnet 4.5, US inference profile. */
  static final String DEFAULT_BEDROCK_TEACHER = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

  /**
   * A teacher on Bedrock, region and credentials from the settings: Converse calls ({@code batch}
   * false), or batch inference jobs whose files go to BEDROCK_TRAINING_BUCKET (under {@code
   * batch-inference/}) run by the role BEDROCK_ROLE_ARN; requests too few for a job are asked
   * through Converse. BEDROCK_BATCH_POLL_SECONDS sets how often a job is watched (default 60).
   * Retries, rate-limit waits and the batch jobs' progress reach the progress printer through the
   * generation engine's listener.
   *
   * @throws FineTuneException naming the variable that is missing for batch inference
   */
  ExampleSource bedrockTeacher(
      boolean batch, String model, int concurrency, int requestsPerMinute) {
    String teacher = model == null || model.isBlank() ? DEFAULT_BEDROCK_TEACHER : model;
    BedrockConverseExampleSource.Builder converse =
        BedrockConverseExampleSource.builder()
            .model(teacher)
            .aws(context.aws())
            .callPolicy(
                p -> p.maxConcurrentCalls(concurrency).requestsPerMinute(requestsPerMinute));
    if (!batch) {
      BedrockConverseExampleSource source = converse.build();
      described.put("teacher", source.describe() + " (Converse) in " + source.region());
      return source;
    }
    String bucket =
        context
            .settings()
            .get("BEDROCK_TRAINING_BUCKET")
            .orElseThrow(
                () ->
                    new FineTuneException(
                        "batch inference needs a bucket for its input and output files: set"
                            + " BEDROCK_TRAINING_BUCKET in the environment or .env"));
    String role =
        context
            .settings()
            .get("BEDROCK_ROLE_ARN")
            .orElseThrow(
                () ->
                    new FineTuneException(
                        "batch inference needs a service role Bedrock can assume to read and write"
                            + " s3://"
                            + bucket
                            + ": set BEDROCK_ROLE_ARN in the environment or .env"));
    BedrockBatchExampleSource.Builder builder =
        BedrockBatchExampleSource.builder()
            .model(teacher)
            .roleArn(role)
            .bucket(bucket)
            .aws(context.aws())
            .smallBatchFallback(converse.build());
    context
        .settings()
        .get("BEDROCK_BATCH_POLL_SECONDS")
        .ifPresent(s -> builder.pollInterval(poll(s)));
    BedrockBatchExampleSource source = builder.build();
    described.put(
        "teacher",
        source.describe()
            + " (batch inference, files in s3://"
            + bucket
            + "/"
            + BedrockBatchExampleSource.DEFAULT_PREFIX
            + ") in "
            + source.region());
    return source;
  }

  private static Duration poll(String seconds) {
    try {
      long value = Long.parseLong(seconds.trim());
      if (value >= 1) {
        return Duration.ofSeconds(value);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new FineTuneException(
        "BEDROCK_BATCH_POLL_SECONDS must be a whole number of seconds, 1 or more, was '"
            + seconds
            + "'");
  }

  /** The shipped sample set of Strudel examples as the teacher. */
  ExampleSource samples(Path datasetDir) {
    Path samples = extractSamples(datasetDir);
    JsonlExampleSource source = JsonlExampleSource.open(samples);
    sampleCount = source.size();
    described.put(
        "teacher",
        "sample set ("
            + sampleCount
            + " Strudel examples shipped with the toolkit; set API_URL to call the Polychat API)");
    return source;
  }

  int defaultCount() {
    return sampleCount > 0 ? sampleCount : 300;
  }

  FineTunePipeline.Builder pipeline(
      PromptCatalog catalog,
      ExampleSource source,
      Path datasetDir,
      String project,
      boolean dryRun) {
    described.put("tracker", trackerDescription());
    FineTunePipeline.Builder builder =
        FineTunePipeline.builder()
            .tracker(tracker())
            .store(store(datasetDir, false))
            .backend(backend(dryRun, datasetDir))
            .outputDir(datasetDir)
            .project(project);
    if (catalog != null) {
      builder.prompts(catalog);
    }
    if (source != null) {
      builder.source(source);
    }
    return builder;
  }

  /** S3 when BEDROCK_TRAINING_BUCKET is set, else a local folder beside the dataset. */
  DatasetStore store(Path datasetDir, boolean resume) {
    Optional<String> bucket = context.settings().get("BEDROCK_TRAINING_BUCKET");
    if (bucket.isEmpty()) {
      Path root = datasetDir.resolve("store");
      described.put(
          "store",
          "local folder "
              + Summaries.relative(context.workDir(), root)
              + " (set BEDROCK_TRAINING_BUCKET to upload to S3)");
      return LocalDirectoryStore.of(root);
    }
    described.put("store", "s3://" + bucket.get());
    return s3Store(bucket.get(), resume);
  }

  /** The S3 store of the training bucket. */
  S3DatasetStore s3Store(String bucket, boolean resume) {
    S3DatasetStore.Builder builder =
        S3DatasetStore.builder()
            .bucket(bucket)
            .aws(context.aws())
            .resume(resume)
            .listener(
                new UploadPrinter(context.err(), context.terminal().colour(), context.width()));
    return own(builder.build());
  }

  /**
   * Bedrock when BEDROCK_ROLE_ARN and BEDROCK_OUTPUT_BUCKET are set (and no dry run was asked for),
   * else the dry-run backend writing requests into {@code dir}.
   */
  CustomizationBackend backend(boolean dryRun, Path dir) {
    Optional<String> role = context.settings().get("BEDROCK_ROLE_ARN");
    Optional<String> output = context.settings().get("BEDROCK_OUTPUT_BUCKET");
    if (writesDryRun(dryRun)) {
      described.put(
          "backend",
          dryRun
              ? "dry run (--dry-run): nothing is submitted"
              : "dry run: nothing is submitted (set BEDROCK_ROLE_ARN and BEDROCK_OUTPUT_BUCKET to"
                  + " train on Bedrock)");
      DryRunBackend.Builder builder = DryRunBackend.builder().directory(dir);
      role.ifPresent(builder::roleArn);
      output.ifPresent(bucket -> builder.outputUri(URI.create("s3://" + bucket + "/")));
      // the same KMS key and VPC as the real backend: the request file is the exact request
      kmsKey().ifPresent(builder::kmsKeyId);
      vpc().ifPresent(v -> builder.vpc(v.get(0), v.get(1)));
      return builder.build();
    }
    return bedrock(role.get(), output.get());
  }

  /**
   * Whether {@link #backend} writes a dry run (asked for, or Bedrock not configured) instead of
   * submitting a job AWS bills.
   */
  boolean writesDryRun(boolean dryRunAsked) {
    return dryRunAsked
        || context.settings().get("BEDROCK_ROLE_ARN").isEmpty()
        || context.settings().get("BEDROCK_OUTPUT_BUCKET").isEmpty();
  }

  /** The Bedrock backend (role and bucket may be null for read-only commands). */
  BedrockCustomizationBackend bedrock(String role, String outputBucket) {
    BedrockCustomizationBackend.Builder builder =
        BedrockCustomizationBackend.builder().aws(context.aws());
    if (role != null) {
      builder.roleArn(role);
    }
    if (outputBucket != null) {
      builder.outputBucket(outputBucket);
    }
    kmsKey().ifPresent(builder::kmsKeyId);
    vpc().ifPresent(v -> builder.vpc(v.get(0), v.get(1)));
    BedrockCustomizationBackend backend = own(builder.build());
    described.put("backend", backend.describeBackend());
    return backend;
  }

  /** BEDROCK_KMS_KEY_ID (or the original toolkit's BEDROCK_KMS_KEY_ARN). */
  private Optional<String> kmsKey() {
    return context.settings().get("BEDROCK_KMS_KEY_ID");
  }

  /**
   * [subnet ids, security group ids] from BEDROCK_SUBNET_IDS and BEDROCK_SECURITY_GROUP_IDS (or the
   * original's BEDROCK_VPC_SUBNET_IDS and BEDROCK_VPC_SECURITY_GROUP_IDS), comma-separated; empty
   * when neither is set.
   *
   * @throws IllegalArgumentException when only one of the two is set
   */
  private Optional<List<List<String>>> vpc() {
    Optional<String> subnets = context.settings().get("BEDROCK_SUBNET_IDS");
    Optional<String> groups = context.settings().get("BEDROCK_SECURITY_GROUP_IDS");
    if (subnets.isEmpty() && groups.isEmpty()) {
      return Optional.empty();
    }
    if (subnets.isEmpty() || groups.isEmpty()) {
      throw new IllegalArgumentException(
          (subnets.isEmpty() ? "BEDROCK_SECURITY_GROUP_IDS" : "BEDROCK_SUBNET_IDS")
              + " is set without "
              + (subnets.isEmpty() ? "BEDROCK_SUBNET_IDS" : "BEDROCK_SECURITY_GROUP_IDS")
              + ": a job runs in a VPC only with both (1-16 subnets, 1-5 security groups),"
              + " comma-separated");
    }
    return Optional.of(
        List.of(
            List.of(subnets.get().trim().split("\\s*,\\s*")),
            List.of(groups.get().trim().split("\\s*,\\s*"))));
  }

  private <T extends AutoCloseable> T own(T resource) {
    owned.add(resource);
    return resource;
  }

  /** FINETUNE_DB, else ./datasets/.finetune.db in the working folder. */
  Path databasePath() {
    return context.path(
        context.settings().get("FINETUNE_DB").map(Path::of).orElse(SqliteRunTracker.DEFAULT_PATH));
  }

  /** The run history: the SQLite database, created on first use. */
  RunTracker tracker() {
    if (tracker == null) {
      tracker = SqliteRunTracker.open(databasePath());
    }
    return tracker;
  }

  String trackerDescription() {
    return "SQLite " + Summaries.relative(context.workDir(), databasePath());
  }

  /** Closes the clients and the tracker it opened. */
  @Override
  public void close() {
    for (AutoCloseable resource : owned) {
      try {
        resource.close();
      } catch (Exception e) {
        context.err().println("warning: cannot close " + resource + ": " + e.getMessage());
      }
    }
    if (tracker != null) {
      tracker.close();
    }
  }

  Map<String, String> describe() {
    return described;
  }

  private static Path extractSamples(Path datasetDir) {
    return StrudelPack.copySamples(datasetDir);
  }
}
