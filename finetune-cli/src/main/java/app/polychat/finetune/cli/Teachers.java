package app.polychat.finetune.cli;

import app.polychat.finetune.bedrock.teacher.BedrockBatchExampleSource;
import app.polychat.finetune.bedrock.teacher.BedrockConverseExampleSource;
import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.polychat.PolychatMode;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.source.JsonlExampleSource;
import app.polychat.finetune.strudel.StrudelPack;
import app.polychat.finetune.support.FineTuneException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The teachers of the command line: the Polychat API, a model on Bedrock (Converse calls or batch
 * inference jobs) or the shipped sample set, with their limits from the flags, else the environment
 * or .env, else the library's defaults; each says in the components' description which it is.
 */
final class Teachers {
  private final Context context;
  private final Map<String, String> described;
  private int sampleCount;

  Teachers(Context context, Map<String, String> described) {
    this.context = context;
    this.described = described;
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

  private static Path extractSamples(Path datasetDir) {
    return StrudelPack.copySamples(datasetDir);
  }
}
