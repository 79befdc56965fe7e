package app.polychat.finetune.polychat;

import app.polychat.finetune.example.ExampleMetadata;
import app.polychat.finetune.polychat.internal.AppGenerateProtocol;
import app.polychat.finetune.polychat.internal.ChatCompletionsProtocol;
import app.polychat.finetune.polychat.internal.HttpFailures;
import app.polychat.finetune.polychat.internal.PolychatHttp;
import app.polychat.finetune.polychat.internal.TeacherAnswer;
import app.polychat.finetune.polychat.internal.TeacherProtocol;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.source.SourceListener;
import app.polychat.finetune.support.Secrets;
import app.polychat.finetune.support.Tokens;
import app.polychat.finetune.teacher.CallPolicy;
import app.polychat.finetune.teacher.TeacherCaller;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The Polychat API as a teacher: each {@link GenerationRequest} becomes one answered call, turned
 * into a training example whose assistant turn is the teacher's answer.
 *
 * <p>Two endpoints ({@link PolychatMode}): the Strudel app's {@code POST /apps/{app}/generate} (the
 * default, as in the original toolkit), or the OpenAI-style {@code POST /chat/completions} with the
 * planned system and user messages, for use cases that need only a prompt config.
 *
 * <p>Calls are wrapped, outermost first, in a retry (exponential backoff with jitter, or the
 * server's {@code Retry-After}), a circuit breaker, an adaptive request pace (it starts just under
 * Polychat's limit of 120 requests a minute per key, slows down and pauses on a 429, and probes
 * back up), an optional token budget and a cap on calls in flight: the shared {@link TeacherCaller}
 * under a {@link CallPolicy} that starts from {@link #DEFAULT_CALL_POLICY}; {@link #rateStatus()}
 * and {@link SourceListener#onRateChanged} say how fast it goes and what holds it back. 408, 429,
 * 500, 502, 503, 504, timeouts and dropped connections are retried; other 4xx are not (401 and 403
 * say the API key is missing or wrong; "Bot access is not allowed." says the same, since Polychat
 * answers so to callers no valid key identifies). Error messages carry the server's message and
 * request id. An answer without usable text is a failure with its reason and status, never an empty
 * example.
 *
 * <p>For the Strudel app, answers are read in today's shape ({@code {"code", "explanation",
 * "generationId"}}) and in the older wrapped one ({@code {"data": {...}}}); the {@code
 * generationId} is kept in the example's metadata ({@code extra.generationId}, never in a Bedrock
 * file). Requests carry the prompt, style, complexity, the prompt config's tempo when it sets one,
 * the model and options; a plan whose styles, complexities or tempos the app does not accept is
 * refused by {@link #checkRequests} before anything is sent.
 *
 * <p>Thread-safe: one instance serves all the generation engine's threads. The API key never
 * appears in {@link #toString()}, exception messages or logs.
 *
 * <pre>{@code
 * try (PolychatExampleSource teacher = PolychatExampleSource.builder()
 *     .apiUrl("https://api.polychat.app")
 *     .apiKey(System.getenv("API_KEY"))
 *     .model("claude-4-5-sonnet")
 *     .build()) {
 *   GeneratedExample example = teacher.generate(request);
 * }
 * }</pre>
 */
public final class PolychatExampleSource implements ExampleSource {
  /** The app asked when none is set: the original toolkit's Strudel app. */
  public static final String DEFAULT_APP = "strudel";

  /** The teacher model asked when none is set. */
  public static final String DEFAULT_MODEL = "claude-4-5-sonnet";

  /** The connect timeout when none is set. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The request timeout (whole answer) when none is set: teachers can take a while. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);

  /**
   * Polychat's request limit per API key and minute: 120 in its deployment config (its error text
   * says 100; a 429 teaches the pace the real figure). See {@code POLYCHAT-API.md}.
   */
  public static final int DEFAULT_REQUESTS_PER_MINUTE = 120;

  /**
   * Calls in flight at once: at 120 requests a minute, 32 slots keep the pace with answers of up to
   * ~15 s each.
   */
  public static final int DEFAULT_MAX_CONCURRENT_CALLS = 32;

  /**
   * The call policy when none is set: the general {@link CallPolicy#ofDefaults()} (5 attempts,
   * backoff 1 s doubling to 60 s ±50 %, a {@code Retry-After} of up to 5 minutes honoured, no token
   * budget since Polychat has none, the circuit open after 5 failed attempts in a row), paced
   * adaptively at most at Polychat's {@value #DEFAULT_REQUESTS_PER_MINUTE} requests a minute per
   * key (starting at 97 % of it, slower and paused on a 429, back up after), with {@value
   * #DEFAULT_MAX_CONCURRENT_CALLS} calls in flight.
   */
  public static final CallPolicy DEFAULT_CALL_POLICY =
      CallPolicy.custom()
          .requestsPerMinute(DEFAULT_REQUESTS_PER_MINUTE)
          .maxConcurrentCalls(DEFAULT_MAX_CONCURRENT_CALLS)
          .build();

  private static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9._-]+");

  private final URI apiUrl;
  private final String apiKey;
  private final String app;
  private final String model;
  private final PolychatMode mode;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final CallPolicy callPolicy;
  private final TeacherProtocol protocol;
  private final PolychatHttp http;
  private final TeacherCaller caller;
  private final ExecutorService ownedExecutor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PolychatExampleSource(Builder b) {
    this.apiUrl = b.apiUrl;
    this.apiKey = b.apiKey;
    this.app = b.app;
    this.model = b.model;
    this.mode = b.mode;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.callPolicy = b.callPolicy;
    this.protocol =
        mode == PolychatMode.APP_GENERATE
            ? new AppGenerateProtocol(app, model)
            : new ChatCompletionsProtocol(model);
    URI endpoint = URI.create(stripTrailingSlashes(apiUrl.toString()) + protocol.path());
    String hint404 =
        mode == PolychatMode.APP_GENERATE
            ? "check the API URL (--api-url) and the app name '" + app + "'"
            : "check the API URL (--api-url); it must serve /chat/completions";
    HttpFailures failures = new HttpFailures(endpoint, apiKey, hint404, callPolicy.maxRetryAfter());
    HttpClient client = b.httpClient;
    if (client == null) {
      ownedExecutor = Executors.newCachedThreadPool(daemonThreads());
      client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(connectTimeout)
              .executor(ownedExecutor)
              .build();
    } else {
      ownedExecutor = null;
    }
    this.http =
        new PolychatHttp(
            client,
            endpoint,
            apiKey,
            connectTimeout,
            requestTimeout,
            protocol,
            failures,
            Clock.systemUTC());
    String safeUrl = HttpFailures.safeUrl(apiUrl);
    this.caller =
        TeacherCaller.builder(callPolicy)
            .name("polychat")
            .description(safeUrl)
            .stopHint("check the API at " + safeUrl + " (is it up? is the API key right?)")
            .documentedRequestsPerMinute(DEFAULT_REQUESTS_PER_MINUTE)
            .listeners(b.listeners)
            .build();
  }

  /** {@return a builder; only {@link Builder#apiUrl} is required} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Asks the teacher once (retrying as the settings allow) and returns the answer as an example.
   *
   * @throws SourceException with the reason when no usable answer arrived; {@code retryable()} says
   *     whether a later run may succeed, {@code httpStatus()} gives the last status
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  public GeneratedExample generate(GenerationRequest request) {
    return generate(request, SourceListener.NONE);
  }

  /**
   * As {@link #generate(GenerationRequest)}, telling {@code listener} (besides the builder's
   * listeners) about this call's retries, rate-limit waits, pace changes and the circuit opening.
   */
  @Override
  public GeneratedExample generate(GenerationRequest request, SourceListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    if (closed.get()) {
      throw new IllegalStateException("this PolychatExampleSource is closed");
    }
    long started = System.nanoTime();
    String body = protocol.body(request);
    int estimatedInput =
        Tokens.estimate(request.systemPrompt().length() + request.prompt().length());
    int estimatedTotal = estimatedInput + callPolicy.assumedOutputTokens();
    TeacherCaller.Outcome<PolychatHttp.Exchange> outcome =
        caller.call(
            request,
            estimatedTotal,
            listener,
            (attempt, maxAttempts) -> http.send(request, body, attempt, maxAttempts));
    TeacherAnswer answer = outcome.value().answer();
    boolean reported = answer.tokensReported();
    int inputTokens = reported ? answer.inputTokens() : estimatedInput;
    int outputTokens = reported ? answer.outputTokens() : Tokens.estimate(answer.text());
    caller.settleTokens(estimatedTotal, inputTokens + outputTokens);

    Map<String, String> extra = new LinkedHashMap<>(answer.extra());
    extra.put("tokens", reported ? "reported" : "estimated");
    extra.put("mode", protocol.name());
    extra.put("elapsedMs", Long.toString((System.nanoTime() - started) / 1_000_000));
    GeneratedExample example =
        GeneratedExample.answer(
            request,
            answer.text(),
            model,
            inputTokens,
            outputTokens,
            outcome.value().latency(),
            outcome.attempts());
    ExampleMetadata m = example.example().metadata();
    ExampleMetadata withExtra =
        new ExampleMetadata(
            m.requestId(),
            m.style(),
            m.complexity(),
            m.teacherModel(),
            m.inputTokens(),
            m.outputTokens(),
            m.latency(),
            m.createdAt(),
            extra);
    return new GeneratedExample(example.example().withMetadata(withExtra), example.attempts());
  }

  /**
   * Refuses, before anything is sent, a plan the API would answer with 400s: for the app endpoint,
   * styles and complexities outside the lists the app accepts, tempos outside 60–200 BPM, empty
   * prompts. Chat completions take any prompt config.
   *
   * @throws SourceException (not retryable) naming each bad value and what to do instead
   */
  @Override
  public void checkRequests(List<GenerationRequest> requests) {
    Objects.requireNonNull(requests, "requests");
    java.util.Set<String> problems = new java.util.LinkedHashSet<>();
    for (GenerationRequest request : requests) {
      String problem = protocol.problem(request);
      if (problem != null && problems.add(problem) && problems.size() == 3) {
        break;
      }
    }
    if (!problems.isEmpty()) {
      throw new SourceException(
          "nothing was sent: the Polychat API would refuse this plan; "
              + String.join("; ", problems),
          null,
          false,
          0,
          null);
    }
  }

  /** How fast calls go now and what holds them back; empty when no request limit is set. */
  @Override
  public java.util.Optional<app.polychat.finetune.source.RateStatus> rateStatus() {
    return caller.rateStatus();
  }

  /**
   * Stops sending: calls still waiting for a rate limit, a free slot or a retry backoff give up
   * without being sent ({@link app.polychat.finetune.source.SourceCancelledException}); calls on
   * the wire finish. Used by the generation engine when a run stops (Ctrl-C).
   */
  @Override
  public void cancelPending() {
    caller.cancel();
  }

  /**
   * {@code polychat:<model>} for the Strudel app, {@code polychat:<app>:<model>} for another app,
   * {@code polychat-chat:<model>} for chat completions. Never a secret.
   */
  @Override
  public String describe() {
    if (mode == PolychatMode.CHAT_COMPLETIONS) {
      return "polychat-chat:" + model;
    }
    return DEFAULT_APP.equals(app) ? "polychat:" + model : "polychat:" + app + ":" + model;
  }

  /** The model the Polychat API is asked to answer with. */
  @Override
  public Optional<String> teacherModel() {
    return Optional.of(model);
  }

  /** {@return the call policy the calls run with} */
  public CallPolicy callPolicy() {
    return callPolicy;
  }

  /** {@return the endpoint mode} */
  public PolychatMode mode() {
    return mode;
  }

  /** {@return the teacher model asked} */
  public String model() {
    return model;
  }

  /**
   * Stops the HTTP client's threads when this source built the client; an injected client is left
   * to its owner. Further calls to {@link #generate} fail.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "PolychatExampleSource{apiUrl="
        + HttpFailures.safeUrl(apiUrl)
        + ", mode="
        + mode
        + (mode == PolychatMode.APP_GENERATE ? ", app=" + app : "")
        + ", model="
        + model
        + ", apiKey="
        + (apiKey == null ? "none" : Secrets.mask(apiKey))
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", callPolicy="
        + callPolicy
        + "}";
  }

  private static String stripTrailingSlashes(String url) {
    String out = url;
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "polychat-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Builds a {@link PolychatExampleSource}. */
  public static final class Builder {
    private URI apiUrl;
    private String apiKey;
    private String app = DEFAULT_APP;
    private String model = DEFAULT_MODEL;
    private PolychatMode mode = PolychatMode.APP_GENERATE;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private HttpClient httpClient;
    private CallPolicy callPolicy = DEFAULT_CALL_POLICY;
    private final List<SourceListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * The API's base URL, for example {@code https://api.polychat.app} (required).
     *
     * @param apiUrl the API's base URL, for example {@code https://api.polychat.app} (required)
     * @return this builder
     */
    public Builder apiUrl(String apiUrl) {
      Objects.requireNonNull(apiUrl, "apiUrl");
      try {
        return apiUrl(new URI(apiUrl.trim()));
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "apiUrl is not a valid URL (" + e.getReason() + "); expected e.g. https://host/api", e);
      }
    }

    /**
     * The API's base URL (required): absolute, http or https.
     *
     * @param apiUrl the API's base URL (required): absolute, http or https
     * @return this builder
     */
    public Builder apiUrl(URI apiUrl) {
      Objects.requireNonNull(apiUrl, "apiUrl");
      String scheme = apiUrl.getScheme();
      if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          || apiUrl.getHost() == null) {
        throw new IllegalArgumentException(
            "apiUrl must be an absolute http(s) URL such as https://host/api, was "
                + Secrets.redactText(apiUrl.toString()));
      }
      if (apiUrl.getRawUserInfo() != null
          || apiUrl.getRawQuery() != null
          || apiUrl.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "apiUrl must not have user info, a query or a fragment; give the API key with"
                + " apiKey(...)");
      }
      this.apiUrl = apiUrl;
      return this;
    }

    /**
     * The API key, sent as {@code Authorization: Bearer <key>}; null or blank sends none.
     *
     * @param apiKey the API key, sent as {@code Authorization: Bearer <key>}; null or blank sends
     *     none
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
      return this;
    }

    /**
     * The Polychat app for {@link PolychatMode#APP_GENERATE}; {@value #DEFAULT_APP} by default.
     *
     * @param app the Polychat app for {@link PolychatMode#APP_GENERATE}; {@value #DEFAULT_APP} by
     *     default
     * @return this builder
     */
    public Builder app(String app) {
      Objects.requireNonNull(app, "app");
      if (!APP_NAME.matcher(app).matches()) {
        throw new IllegalArgumentException(
            "app must be letters, digits, '.', '_' or '-' (it goes into the URL path), was '"
                + app
                + "'");
      }
      this.app = app;
      return this;
    }

    /**
     * The teacher model; {@value #DEFAULT_MODEL} by default.
     *
     * @param model the teacher model; {@value #DEFAULT_MODEL} by default
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
     * Which endpoint to call; {@link PolychatMode#APP_GENERATE} by default.
     *
     * @param mode which endpoint to call; {@link PolychatMode#APP_GENERATE} by default
     * @return this builder
     */
    public Builder mode(PolychatMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * How long to wait for a connection; ignored when an {@link #httpClient} is given.
     *
     * @param connectTimeout how long to wait for a connection; ignored when an {@link #httpClient}
     *     is given
     * @return this builder
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive("connectTimeout", connectTimeout);
      return this;
    }

    /**
     * How long to wait for a whole answer, per attempt.
     *
     * @param requestTimeout how long to wait for a whole answer, per attempt
     * @return this builder
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive("requestTimeout", requestTimeout);
      return this;
    }

    /**
     * The HTTP client to use; the source then leaves it open on {@link #close()}. Without one the
     * source builds its own (HTTP/1.1, the connect timeout, daemon threads) and closes it.
     *
     * @param httpClient the HTTP client to use; the source then leaves it open on {@link #close()}
     * @return this builder
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * Retries, request pace, token budget, calls in flight and circuit breaker; {@link
     * #DEFAULT_CALL_POLICY} by default.
     *
     * @param callPolicy retries, request pace, token budget, calls in flight and circuit breaker;
     *     {@link #DEFAULT_CALL_POLICY} by default
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
     * Adds a listener for retries, rate-limit waits and the circuit opening.
     *
     * @param listener the listener; it is called from the threads making the calls
     * @return this builder
     */
    public Builder addListener(SourceListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Replaces the listeners.
     *
     * @param listeners the listeners, replacing earlier ones
     * @return this builder
     */
    public Builder listeners(List<? extends SourceListener> listeners) {
      Objects.requireNonNull(listeners, "listeners");
      this.listeners.clear();
      listeners.forEach(this::addListener);
      return this;
    }

    /**
     * Builds the source.
     *
     * @return the source, which the caller closes
     * @throws IllegalStateException when the API URL is missing
     */
    public PolychatExampleSource build() {
      if (apiUrl == null) {
        throw new IllegalStateException(
            "apiUrl is required: call apiUrl(...) (the CLI reads --api-url or API_URL)");
      }
      return new PolychatExampleSource(this);
    }

    @Override
    public String toString() {
      return "PolychatExampleSource.Builder{apiUrl="
          + (apiUrl == null ? "unset" : HttpFailures.safeUrl(apiUrl))
          + ", mode="
          + mode
          + ", model="
          + model
          + ", apiKey="
          + (apiKey == null ? "none" : Secrets.mask(apiKey))
          + "}";
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
