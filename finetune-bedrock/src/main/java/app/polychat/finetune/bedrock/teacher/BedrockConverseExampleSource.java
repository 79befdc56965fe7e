package app.polychat.finetune.bedrock.teacher;

import app.polychat.finetune.bedrock.aws.AwsService;
import app.polychat.finetune.bedrock.aws.AwsSettings;
import app.polychat.finetune.bedrock.internal.AwsClients;
import app.polychat.finetune.bedrock.internal.AwsExceptionMapper;
import app.polychat.finetune.bedrock.internal.AwsExceptionMapper.BedrockCall;
import app.polychat.finetune.bedrock.internal.ClientLease;
import app.polychat.finetune.bedrock.teacher.internal.ConverseMessages;
import app.polychat.finetune.bedrock.teacher.internal.ConverseMessages.Answer;
import app.polychat.finetune.bedrock.teacher.internal.TeacherExamples;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.source.SourceListener;
import app.polychat.finetune.support.Tokens;
import app.polychat.finetune.teacher.CallPolicy;
import app.polychat.finetune.teacher.TeacherCaller;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
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
 * <p>Calls run through the shared {@link TeacherCaller} under a {@link CallPolicy} that starts from
 * {@link #DEFAULT_CALL_POLICY}: throttling, server errors, a model not ready and dropped
 * connections are retried with backoff; a validation error of one request is that request's
 * failure; wrong credentials, denied access, an unknown model (or one that needs an inference
 * profile) stop the run at once ({@link app.polychat.finetune.source.SourceUnavailableException}),
 * and so does a streak of failures. The engine journals, filters and resumes as for any source.
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
 *     .callPolicy(p -> p.requestsPerMinute(100))
 *     .build()) {
 *   GeneratedExample example = teacher.generate(request);
 * }
 * }</pre>
 */
public final class BedrockConverseExampleSource implements ExampleSource {
  /** The longest answer asked for when none is set. */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  /** Calls in flight at once when none is set. */
  public static final int DEFAULT_MAX_CONCURRENT_CALLS = 8;

  /**
   * The call policy when none is set: the general {@link CallPolicy#ofDefaults()} (5 attempts,
   * backoff 1 s doubling to 60 s ±50 %), no request pace (Bedrock throttles by its own per-model
   * quotas, and throttled calls are retried), {@value #DEFAULT_MAX_CONCURRENT_CALLS} calls in
   * flight, and the run stops after 5 requests in a row failed after their retries.
   */
  public static final CallPolicy DEFAULT_CALL_POLICY =
      CallPolicy.custom()
          .requestsPerMinute(0)
          .maxConcurrentCalls(DEFAULT_MAX_CONCURRENT_CALLS)
          .circuitBreakerCounts(CallPolicy.BreakerCounts.REQUESTS)
          .build();

  private final String model;
  private final Region region;
  private final ConverseMessages.Inference inference;
  private final CallPolicy callPolicy;
  private final BedrockRuntimeClient runtime;
  private final ClientLease<BedrockRuntimeClient> lease;
  private final TeacherCaller caller;
  private final AtomicBoolean closed = new AtomicBoolean();

  private BedrockConverseExampleSource(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model is required: call model(...)");
    this.inference = new ConverseMessages.Inference(b.maxTokens, b.temperature);
    this.callPolicy = b.callPolicy;
    AwsSettings aws = b.aws.build();
    this.region =
        aws.runtimeClient()
            .map(c -> c.serviceClientConfiguration().region())
            .orElseGet(aws::region);
    // without the SDK's own retries: the caller retries (so attempts are counted, reported and
    // stopped on Ctrl-C), and two retry layers would multiply the attempts
    this.lease =
        ClientLease.of(
            aws.runtimeClient(), () -> AwsClients.bedrockRuntime(aws, region, Optional.of(1)));
    this.runtime = lease.client();
    String where =
        "model '" + model + "' in " + (region == null ? "the configured region" : region.id());
    this.caller =
        TeacherCaller.builder(callPolicy)
            .name("bedrock-converse")
            .description(where)
            .stopHint("fix the cause on " + where)
            .listeners(b.listeners)
            .build();
  }

  /** {@return a builder; only {@link Builder#model} is required} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Asks the teacher once (retrying as the call policy allows) and returns the answer as an
   * example.
   *
   * @throws SourceException with the reason when no usable answer arrived
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public GeneratedExample generate(GenerationRequest request) {
    return generate(request, SourceListener.NONE);
  }

  /**
   * As {@link #generate(GenerationRequest)}, telling {@code listener} (besides the builder's
   * listeners) about this call's retries, rate-limit waits and the streak breaker opening.
   */
  @Override
  public GeneratedExample generate(GenerationRequest request, SourceListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    if (closed.get()) {
      throw new IllegalStateException("this BedrockConverseExampleSource is closed");
    }
    long started = System.nanoTime();
    ConverseRequest call = ConverseMessages.request(model, request, inference);
    BedrockCall what =
        BedrockCall.invoking("ask " + model + " for request " + request.id(), region.id(), model);
    int estimatedInput =
        Tokens.estimate(request.systemPrompt().length() + request.prompt().length());
    int estimatedTotal = estimatedInput + callPolicy.assumedOutputTokens();
    TeacherCaller.Outcome<ConverseResponse> outcome =
        caller.call(
            request,
            estimatedTotal,
            listener,
            (attempt, maxAttempts) -> {
              try {
                return runtime.converse(call);
              } catch (SdkException e) {
                throw AwsExceptionMapper.toSource(e, what);
              }
            });
    Answer answer = ConverseMessages.answer(outcome.value());
    if (answer.tokensReported()) {
      caller.settleTokens(estimatedTotal, answer.inputTokens() + answer.outputTokens());
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    return TeacherExamples.of(
        request, answer, model, outcome.attempts(), elapsed, "bedrock-converse", null);
  }

  /** How fast calls go now and what holds them back; empty when no request pace is set. */
  @Override
  public java.util.Optional<app.polychat.finetune.source.RateStatus> rateStatus() {
    return caller.rateStatus();
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

  /** {@return the model or inference profile asked} */
  public String model() {
    return model;
  }

  /** {@return the region the calls go to} */
  public String region() {
    return region.id();
  }

  /** {@return the call policy the calls run with} */
  public CallPolicy callPolicy() {
    return callPolicy;
  }

  /** Closes the runtime client when this source built it; an injected one stays open. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      lease.close();
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
        + ", callPolicy="
        + callPolicy
        + "}";
  }

  /** Builds a {@link BedrockConverseExampleSource}. */
  public static final class Builder {
    private AwsSettings.Builder aws = AwsSettings.builder();
    private String model;
    private Integer maxTokens = DEFAULT_MAX_TOKENS;
    private Float temperature;
    private CallPolicy callPolicy = DEFAULT_CALL_POLICY;
    private final List<SourceListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * The AWS settings: region, credentials, endpoints, clients to borrow (default {@link
     * AwsSettings#fromEnvironment()}). Replaces what the AWS setters of this builder set before it.
     *
     * @param aws the AWS settings: region, credentials, endpoints, clients to borrow (default
     *     {@link AwsSettings#fromEnvironment()})
     * @return this builder
     */
    public Builder aws(AwsSettings aws) {
      this.aws = Objects.requireNonNull(aws, "aws").toBuilder();
      return this;
    }

    /**
     * The teacher: a model id, an inference profile id ({@code us.…}) or ARN, or a provisioned or
     * deployed model's ARN (required).
     *
     * @param model the teacher: a model id, an inference profile id ({@code us.…}) or ARN, or a
     *     provisioned or deployed model's ARN (required)
     * @return this builder
     */
    public Builder model(String model) {
      Objects.requireNonNull(model, "model");
      if (model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank");
      }
      this.model = model.trim();
      return this;
    }

    /**
     * The region (default {@code AWS_REGION}, the profile's, else us-east-1).
     *
     * @param region the region (default {@code AWS_REGION}, the profile's, else us-east-1)
     * @return this builder
     */
    public Builder region(String region) {
      aws.region(region);
      return this;
    }

    /**
     * The longest answer, in tokens (default {@value #DEFAULT_MAX_TOKENS}); at least 1.
     *
     * @param maxTokens the longest answer, in tokens (default {@value #DEFAULT_MAX_TOKENS}); at
     *     least 1
     * @return this builder
     */
    public Builder maxTokens(int maxTokens) {
      if (maxTokens < 1) {
        throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * Sampling temperature from 0 to 1; null (the default) leaves the model's own.
     *
     * @param temperature sampling temperature from 0 to 1; null (the default) leaves the model's
     *     own
     * @return this builder
     */
    public Builder temperature(Float temperature) {
      if (temperature != null && !(temperature >= 0f && temperature <= 1f)) {
        throw new IllegalArgumentException("temperature must be from 0 to 1, was " + temperature);
      }
      this.temperature = temperature;
      return this;
    }

    /**
     * Retries, request pace, token budget, calls in flight and the streak breaker; {@link
     * #DEFAULT_CALL_POLICY} by default.
     *
     * @param callPolicy retries, request pace, token budget, calls in flight and the streak
     *     breaker; {@link #DEFAULT_CALL_POLICY} by default
     * @return this builder
     */
    public Builder callPolicy(CallPolicy callPolicy) {
      this.callPolicy = Objects.requireNonNull(callPolicy, "callPolicy");
      return this;
    }

    /**
     * Adjusts the current call policy, for example {@code p -> p.maxAttempts(3)}.
     *
     * @param changes adjusts the current call policy, for example {@code p -> p.maxAttempts(3)}
     * @return this builder
     */
    public Builder callPolicy(Consumer<CallPolicy.Builder> changes) {
      Objects.requireNonNull(changes, "changes");
      CallPolicy.Builder builder = callPolicy.toBuilder();
      changes.accept(builder);
      this.callPolicy = builder.build();
      return this;
    }

    /**
     * A runtime client to use; the source leaves it open on close. Its own retry strategy adds to
     * the source's retries: give it {@code AwsRetryStrategy.doNotRetry()} to avoid multiplying
     * them.
     *
     * @param runtimeClient a runtime client to use; the source leaves it open on close
     * @return this builder
     */
    public Builder runtimeClient(BedrockRuntimeClient runtimeClient) {
      aws.runtimeClient(Objects.requireNonNull(runtimeClient, "runtimeClient"));
      return this;
    }

    /**
     * Credentials for the client the source builds; default the settings, then the SDK chain.
     *
     * @param credentialsProvider credentials for the client the source builds; default the
     *     settings, then the SDK chain
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      aws.credentialsProvider(credentialsProvider);
      return this;
    }

    /**
     * A runtime endpoint (default {@code AWS_ENDPOINT_URL_BEDROCK_RUNTIME}, then {@code
     * AWS_ENDPOINT_URL}, then AWS).
     *
     * @param endpointOverride a runtime endpoint (default {@code AWS_ENDPOINT_URL_BEDROCK_RUNTIME},
     *     then {@code AWS_ENDPOINT_URL}, then AWS)
     * @return this builder
     */
    public Builder endpointOverride(URI endpointOverride) {
      aws.endpointOverride(AwsService.BEDROCK_RUNTIME, endpointOverride);
      return this;
    }

    /**
     * Where {@code AWS_*} settings are read from; default the process environment.
     *
     * @param environment the variables, by name
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      aws.environment(environment);
      return this;
    }

    /**
     * Adds a listener for retries, rate-limit waits and the streak breaker (the generation engine
     * hands each call its own listener besides).
     *
     * @param listener the listener; it is called from the threads making the calls
     * @return this builder
     */
    public Builder addListener(SourceListener listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the source; it closes the client it built itself in {@code close()}.
     *
     * @return the source
     * @throws NullPointerException naming {@code model} when it was not set
     */
    public BedrockConverseExampleSource build() {
      return new BedrockConverseExampleSource(this);
    }
  }
}
