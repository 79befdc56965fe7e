package app.polychat.finetune.bedrock.teacher;

import app.polychat.finetune.bedrock.internal.AwsClients;
import app.polychat.finetune.bedrock.internal.AwsExceptionMapper;
import app.polychat.finetune.bedrock.internal.AwsExceptionMapper.BedrockCall;
import app.polychat.finetune.bedrock.teacher.internal.ConverseCaller;
import app.polychat.finetune.bedrock.teacher.internal.ConverseMessages;
import app.polychat.finetune.bedrock.teacher.internal.ConverseMessages.Answer;
import app.polychat.finetune.bedrock.teacher.internal.TeacherExamples;
import app.polychat.finetune.bedrock.teacher.internal.TeacherListeners;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;

/**
 * A teacher on Amazon Bedrock, called through the runtime's {@code Converse} API: any model id or
 * inference profile the account can invoke ({@code us.anthropic.claude-sonnet-4-5-20250929-v1:0},
 * {@code us.amazon.nova-premier-v1:0}, a provisioned or deployed model's ARN). Each planned request
 * becomes one call with the plan's system prompt and user prompt; the answer's text becomes the
 * example's assistant turn.
 *
 * <p>Calls are paced and retried by {@link ConverseSettings}: throttling, server errors, a model
 * not ready and dropped connections are retried with backoff; a validation error of one request is
 * that request's failure; wrong credentials, denied access, an unknown model (or one that needs an
 * inference profile) stop the run at once ({@link
 * app.polychat.finetune.source.SourceUnavailableException}), and so does a streak of failures. The
 * engine journals, filters and resumes as for any source.
 *
 * <p>The token counts Bedrock reports in the response's {@code usage} are recorded on each example
 * ({@code inputTokens}, {@code outputTokens}, with {@code tokens=reported} in its metadata), so
 * cost and token estimates can be calibrated on real figures ({@link
 * app.polychat.finetune.cost.TokenUsage#observed}).
 *
 * <pre>{@code
 * try (BedrockConverseExampleSource teacher = BedrockConverseExampleSource.builder()
 *     .model("us.anthropic.claude-sonnet-4-5-20250929-v1:0")
 *     .region("us-east-1")
 *     .settings(s -> s.requestsPerMinute(100))
 *     .build()) {
 *   GeneratedExample example = teacher.generate(request);
 * }
 * }</pre>
 */
public final class BedrockConverseExampleSource implements ExampleSource {
  /** The longest answer asked for when none is set. */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  private final String model;
  private final Region region;
  private final ConverseMessages.Inference inference;
  private final ConverseSettings settings;
  private final BedrockRuntimeClient runtime;
  private final boolean ownsRuntime;
  private final ConverseCaller caller;
  private final AtomicBoolean closed = new AtomicBoolean();

  private BedrockConverseExampleSource(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model is required: call model(...)");
    this.inference = new ConverseMessages.Inference(b.maxTokens, b.temperature);
    this.settings = b.settings;
    if (b.runtimeClient != null) {
      this.runtime = b.runtimeClient;
      this.ownsRuntime = false;
      this.region = b.runtimeClient.serviceClientConfiguration().region();
    } else {
      this.region = AwsClients.region(b.region, b.environment);
      this.runtime = runtimeClient(region, b);
      this.ownsRuntime = true;
    }
    this.caller =
        new ConverseCaller(
            settings,
            new TeacherListeners(b.listeners),
            "model '" + model + "' in " + (region == null ? "the configured region" : region.id()));
  }

  /**
   * A runtime client without the SDK's own retries: the caller retries (so attempts are counted,
   * reported and stopped on Ctrl-C), and two retry layers would multiply the attempts.
   */
  private static BedrockRuntimeClient runtimeClient(Region region, Builder b) {
    Map<String, String> env = new HashMap<>(b.environment);
    env.put("AWS_MAX_ATTEMPTS", "1");
    AwsCredentialsProvider credentials = AwsClients.credentials(b.credentialsProvider, env);
    URI endpoint =
        AwsClients.endpoint(b.endpointOverride, env, "AWS_ENDPOINT_URL_BEDROCK_RUNTIME")
            .orElse(null);
    return AwsClients.bedrockRuntime(region, credentials, endpoint, env);
  }

  /** A builder; only {@link Builder#model} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Asks the teacher once (retrying as the settings allow) and returns the answer as an example.
   *
   * @throws SourceException with the reason when no usable answer arrived
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public GeneratedExample generate(GenerationRequest request) {
    Objects.requireNonNull(request, "request");
    if (closed.get()) {
      throw new IllegalStateException("this BedrockConverseExampleSource is closed");
    }
    long started = System.nanoTime();
    ConverseRequest call = ConverseMessages.request(model, request, inference);
    BedrockCall what =
        BedrockCall.invoking("ask " + model + " for request " + request.id(), region.id(), model);
    ConverseCaller.Outcome<ConverseResponse> outcome =
        caller.call(
            request,
            () -> {
              try {
                return runtime.converse(call);
              } catch (SdkException e) {
                throw AwsExceptionMapper.toSource(e, what);
              }
            });
    Answer answer = ConverseMessages.answer(outcome.value());
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    return TeacherExamples.of(
        request, answer, model, outcome.attempts(), elapsed, "bedrock-converse", null);
  }

  /**
   * Stops sending: calls still waiting for the rate limit, a free slot or a retry give up without
   * being sent; calls on the wire finish.
   */
  @Override
  public void cancelPending() {
    caller.cancel();
  }

  /** {@code bedrock:<model>}. */
  @Override
  public String describe() {
    return "bedrock:" + model;
  }

  /** The model or inference profile that answers. */
  @Override
  public Optional<String> teacherModel() {
    return Optional.of(model);
  }

  /** The model or inference profile asked. */
  public String model() {
    return model;
  }

  /** The region the calls go to. */
  public String region() {
    return region.id();
  }

  /** The settings the calls run with. */
  public ConverseSettings settings() {
    return settings;
  }

  /** Closes the runtime client when this source built it; an injected one stays open. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsRuntime) {
      runtime.close();
    }
  }

  @Override
  public String toString() {
    return "BedrockConverseExampleSource{model="
        + model
        + ", region="
        + region.id()
        + ", maxTokens="
        + inference.maxTokens()
        + ", settings="
        + settings
        + "}";
  }

  /** Builds a {@link BedrockConverseExampleSource}. */
  public static final class Builder {
    private String model;
    private String region;
    private Integer maxTokens = DEFAULT_MAX_TOKENS;
    private Float temperature;
    private ConverseSettings settings = ConverseSettings.ofDefaults();
    private BedrockRuntimeClient runtimeClient;
    private AwsCredentialsProvider credentialsProvider;
    private URI endpointOverride;
    private Map<String, String> environment = System.getenv();
    private final List<TeacherListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * The teacher: a model id, an inference profile id ({@code us.…}) or ARN, or a provisioned or
     * deployed model's ARN (required).
     */
    public Builder model(String model) {
      Objects.requireNonNull(model, "model");
      if (model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank");
      }
      this.model = model.trim();
      return this;
    }

    /** The region (default {@code AWS_REGION}, the profile's, else us-east-1). */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** The longest answer, in tokens (default {@value #DEFAULT_MAX_TOKENS}); at least 1. */
    public Builder maxTokens(int maxTokens) {
      if (maxTokens < 1) {
        throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /** Sampling temperature from 0 to 1; null (the default) leaves the model's own. */
    public Builder temperature(Float temperature) {
      if (temperature != null && !(temperature >= 0f && temperature <= 1f)) {
        throw new IllegalArgumentException("temperature must be from 0 to 1, was " + temperature);
      }
      this.temperature = temperature;
      return this;
    }

    /** Retry, rate limit, concurrency and streak-breaker settings. */
    public Builder settings(ConverseSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Adjusts the current settings, for example {@code s -> s.maxAttempts(3)}. */
    public Builder settings(Consumer<ConverseSettings.Builder> changes) {
      ConverseSettings.Builder builder = settings.toBuilder();
      changes.accept(builder);
      this.settings = builder.build();
      return this;
    }

    /**
     * A runtime client to use; the source leaves it open on close. Its own retry strategy adds to
     * the source's retries: give it {@code AwsRetryStrategy.doNotRetry()} to avoid multiplying
     * them.
     */
    public Builder runtimeClient(BedrockRuntimeClient runtimeClient) {
      this.runtimeClient = Objects.requireNonNull(runtimeClient, "runtimeClient");
      return this;
    }

    /** Credentials for the client the source builds; default the settings, then the SDK chain. */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      this.credentialsProvider = credentialsProvider;
      return this;
    }

    /**
     * A runtime endpoint (default {@code AWS_ENDPOINT_URL_BEDROCK_RUNTIME}, then {@code
     * AWS_ENDPOINT_URL}, then AWS).
     */
    public Builder endpointOverride(URI endpointOverride) {
      this.endpointOverride = endpointOverride;
      return this;
    }

    /** Where {@code AWS_*} settings are read from; default the process environment. */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
      return this;
    }

    /** Adds a listener for retries, rate-limit waits and the streak breaker. */
    public Builder addListener(TeacherListener listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * @throws NullPointerException naming {@code model} when it was not set
     */
    public BedrockConverseExampleSource build() {
      return new BedrockConverseExampleSource(this);
    }
  }
}
