package app.polychat.finetune.polychat.standin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A WireMock stand-in that answers {@code POST /apps/strudel/generate} exactly as today's Polychat
 * does, built from the contract in {@code ../shared/POLYCHAT-API.md}, which summarises Polychat's
 * own source (the {@code ai-platform} repository):
 *
 * <ul>
 *   <li>{@code apps/api/src/middleware/auth.ts}: no {@code User-Agent} → 401 "Bot access is not
 *       allowed."; a caller no valid {@code ak_} key identifies is bot-checked with {@code isbot}
 *       (a {@code User-Agent} containing "java" not followed by ";" is one of its patterns, the
 *       only one modelled here) and refused the same way; otherwise, without a valid key, 401 "This
 *       endpoint requires authentication. Please provide a valid access token."
 *   <li>{@code apps/api/src/middleware/rateLimit.ts}: a limit per user (here: per key) and window;
 *       beyond it 429 with header {@code Retry-After: 60} and body {@code retryAfter: 60}, and the
 *       error text "Rate limit exceeded: 100 requests per minute" (the deployment config sets 120 a
 *       minute; the text says 100). The real limiter is Cloudflare's rate-limiting binding; this
 *       stand-in counts exactly, in a sliding window, the requests it let through (whether the real
 *       one also counts refused requests is not verified).
 *   <li>{@code packages/schemas/src/apps.ts} ({@code strudelGenerateSchema}): {@code prompt} string
 *       ≥ 1 character, {@code style} one of techno, ambient, house, jazz, drums, experimental,
 *       {@code tempo} 60–200, {@code complexity} simple, medium or complex, {@code model} string,
 *       {@code options} object; anything else → 400 with {@code details}.
 *   <li>{@code apps/api/src/routes/apps/strudel.ts}: 200 with {@code {"code", "explanation",
 *       "generationId"}}, not wrapped; errors are {@code {"error", "requestId"}}.
 *   <li>{@code POST /chat/completions} (POLYCHAT-API.md, "for use cases other than Strudel"),
 *       behind the same key check and rate limit: OpenAI-shaped, {@code messages[]} required (each
 *       with a {@code role} and {@code content}), {@code model} or {@code models}, {@code
 *       temperature} 0–2, {@code n} 1–4; a violation is 400 with {@code details}. The answer is
 *       {@code {id, object, created, model, choices: [{index, message: {role, content},
 *       finish_reason}], usage: {prompt_tokens, completion_tokens, total_tokens}}}; its content
 *       comes from {@link #chatAnswers} (the test's stand-in for the model). Whether the real route
 *       refuses fields it does not know is not verified, so unknown fields pass here; streaming is
 *       not modelled.
 * </ul>
 *
 * Each answer's code is unique (so the engine's duplicate filter keeps all of them) and carries no
 * Markdown fences, as the server strips them. The latency of an answer is chosen by the test.
 */
public final class PolychatStandIn implements ResponseDefinitionTransformerV2, AutoCloseable {
  public static final String PATH = "/apps/strudel/generate";

  /** The OpenAI-shaped route for other use cases. */
  public static final String CHAT_PATH = "/chat/completions";

  private static final String NAME = "polychat-stand-in";
  private static final Set<String> STYLES =
      Set.of("techno", "ambient", "house", "jazz", "drums", "experimental");
  private static final Set<String> COMPLEXITIES = Set.of("simple", "medium", "complex");
  private static final Set<String> FIELDS =
      Set.of("prompt", "style", "tempo", "complexity", "model", "options");
  private static final Pattern BOT_LIKE = Pattern.compile("(?i)java(?!;)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WireMockServer server;
  private final Set<String> keys;
  private final int limit;
  private final Duration window;
  private final Map<String, ArrayDeque<Long>> letThrough = new HashMap<>();
  private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
  private final AtomicInteger generations = new AtomicInteger();
  private final Set<String> issued = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicLong firstAt =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong lastAt =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile Function<String, String> chatAnswers = prompt -> "answer to: " + prompt;

  private PolychatStandIn(Set<String> keys, int limit, Duration window, int minMs, int maxMs) {
    this.keys = Set.copyOf(keys);
    this.limit = limit;
    this.window = window;
    this.server = new WireMockServer(options().dynamicPort().containerThreads(80).extensions(this));
    server.start();
    server.stubFor(
        post(urlPathEqualTo(PATH))
            .willReturn(aResponse().withUniformRandomDelay(minMs, maxMs).withTransformers(NAME))
            .withName(NAME));
    server.stubFor(
        post(urlPathEqualTo(CHAT_PATH))
            .willReturn(aResponse().withUniformRandomDelay(minMs, maxMs).withTransformers(NAME))
            .withName(NAME + "-chat"));
  }

  /**
   * What the model behind {@code /chat/completions} answers, given the last user message (default:
   * "answer to: " and the message).
   */
  public PolychatStandIn chatAnswers(Function<String, String> answerForUserMessage) {
    this.chatAnswers = java.util.Objects.requireNonNull(answerForUserMessage, "answer");
    return this;
  }

  /**
   * Starts a stand-in.
   *
   * @param keys the API keys it knows (Polychat's start with {@code ak_})
   * @param limit requests per key and window it lets through (Polychat: 100–120 a minute)
   * @param window the counting window (Polychat: a minute); {@code Retry-After} is its length
   * @param minLatencyMs the fastest answer
   * @param maxLatencyMs the slowest answer
   */
  public static PolychatStandIn start(
      Set<String> keys, int limit, Duration window, int minLatencyMs, int maxLatencyMs) {
    return new PolychatStandIn(keys, limit, window, minLatencyMs, maxLatencyMs);
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  /** How many answers had this status. */
  public int count(int status) {
    AtomicInteger n = statuses.get(status);
    return n == null ? 0 : n.get();
  }

  /** From the first request received to the last one (zero before two arrived). */
  public Duration span() {
    return Duration.ofNanos(lastAt.get() - firstAt.get());
  }

  /** The generation ids of every 200 answer. */
  public Set<String> generationIds() {
    return Set.copyOf(issued);
  }

  /** Every request received, in order. */
  public List<Request> requests() {
    return server.getAllServeEvents().stream().map(e -> (Request) e.getRequest()).toList();
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    Request request = serveEvent.getRequest();
    long now = System.nanoTime();
    firstAt.compareAndSet(0, now);
    lastAt.accumulateAndGet(now, Math::max);
    String requestId = UUID.randomUUID().toString();
    Answer answer = answer(request, requestId);
    statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
    // like(...) keeps the stub's latency
    ResponseDefinitionBuilder response =
        ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition())
            .but()
            .withStatus(answer.status())
            .withHeader("Content-Type", "application/json")
            .withBody(answer.body().toString());
    if (answer.status() == 429) {
      response = response.withHeader("Retry-After", Long.toString(window.toSeconds()));
    }
    return response.build();
  }

  private record Answer(int status, ObjectNode body) {}

  private Answer answer(Request request, String requestId) {
    HttpHeader agent = request.header("User-Agent");
    String userAgent = agent.isPresent() ? agent.firstValue() : "";
    if (userAgent.isBlank()) {
      return error(401, "Bot access is not allowed.", requestId, null);
    }
    String authorization = request.getHeader("Authorization");
    String key =
        authorization != null && authorization.startsWith("Bearer ")
            ? authorization.substring(7)
            : null;
    if (key == null || !key.startsWith("ak_") || !keys.contains(key)) {
      return BOT_LIKE.matcher(userAgent).find()
          ? error(401, "Bot access is not allowed.", requestId, null)
          : error(
              401,
              "This endpoint requires authentication. Please provide a valid access token.",
              requestId,
              null);
    }
    if (!admit(key)) {
      ObjectNode body = errorBody("Rate limit exceeded: 100 requests per minute", requestId);
      body.put("retryAfter", window.toSeconds());
      return new Answer(429, body);
    }
    if (request.getUrl().startsWith(CHAT_PATH)) {
      return chat(request.getBodyAsString(), requestId);
    }
    String problem = invalid(request.getBodyAsString());
    if (problem != null) {
      return error(400, "Invalid request body", requestId, problem);
    }
    int n = generations.incrementAndGet();
    ObjectNode ok = JSON.createObjectNode();
    ok.put("code", "sound(\"bd*4, hh*8\").gain(" + (0.5 + n / 10_000.0) + ")");
    ok.put("explanation", "Generated a Strudel pattern based on your request.");
    String generationId = "gen-" + n + "-" + requestId.substring(0, 8);
    issued.add(generationId);
    ok.put("generationId", generationId);
    return new Answer(200, ok);
  }

  /** A chat completion, or 400 naming what the OpenAI-shaped schema refuses. */
  private Answer chat(String body, String requestId) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (Exception e) {
      return error(400, "Invalid request body", requestId, "body is not JSON");
    }
    String problem = invalidChat(root);
    if (problem != null) {
      return error(400, "Invalid request body", requestId, problem);
    }
    String user = "";
    int promptWords = 0;
    for (JsonNode message : root.get("messages")) {
      String content = message.path("content").asText("");
      promptWords += content.split("\\s+").length;
      if ("user".equals(message.path("role").asText())) {
        user = content;
      }
    }
    String content = chatAnswers.apply(user);
    int answerWords = content.split("\\s+").length;
    generations.incrementAndGet();
    ObjectNode ok = JSON.createObjectNode();
    ok.put("id", "chatcmpl-" + requestId.substring(0, 8));
    ok.put("object", "chat.completion");
    ok.put("created", System.currentTimeMillis() / 1000);
    ok.put("model", root.path("model").asText(root.path("models").path(0).asText("")));
    ObjectNode choice = ok.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", content);
    choice.put("finish_reason", "stop");
    ObjectNode usage = ok.putObject("usage");
    usage.put("prompt_tokens", promptWords);
    usage.put("completion_tokens", answerWords);
    usage.put("total_tokens", promptWords + answerWords);
    return new Answer(200, ok);
  }

  /** What the chat-completions schema (as POLYCHAT-API.md gives it) would refuse, or null. */
  static String invalidChat(JsonNode root) {
    if (root == null || !root.isObject()) {
      return "body is not an object";
    }
    if (!root.path("model").isTextual() && !root.path("models").isArray()) {
      return "model: Required";
    }
    JsonNode messages = root.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      return "messages: Array must contain at least 1 element(s)";
    }
    for (JsonNode message : messages) {
      if (!message.path("role").isTextual() || !message.has("content")) {
        return "messages: each message needs a role and content";
      }
    }
    JsonNode temperature = root.path("temperature");
    if (!temperature.isMissingNode()
        && (!temperature.isNumber() || temperature.asDouble() < 0 || temperature.asDouble() > 2)) {
      return "temperature: Number must be between 0 and 2";
    }
    JsonNode n = root.path("n");
    if (!n.isMissingNode() && (!n.isInt() || n.asInt() < 1 || n.asInt() > 4)) {
      return "n: Number must be between 1 and 4";
    }
    return null;
  }

  /** The sliding-window count per key: let through when fewer than the limit in the window. */
  private synchronized boolean admit(String key) {
    long now = System.nanoTime();
    ArrayDeque<Long> times = letThrough.computeIfAbsent(key, k -> new ArrayDeque<>());
    while (!times.isEmpty() && times.peekFirst() <= now - window.toNanos()) {
      times.removeFirst();
    }
    if (times.size() >= limit) {
      return false;
    }
    times.addLast(now);
    return true;
  }

  /** What {@code strudelGenerateSchema} would refuse, or null. */
  static String invalid(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (Exception e) {
      return "body is not JSON";
    }
    if (root == null || !root.isObject()) {
      return "body is not an object";
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        return "unrecognized key: " + field;
      }
    }
    JsonNode prompt = root.path("prompt");
    if (!prompt.isTextual() || prompt.textValue().isEmpty()) {
      return "prompt: String must contain at least 1 character(s)";
    }
    if (root.has("style") && !STYLES.contains(root.get("style").asText(""))) {
      return "style: Invalid enum value";
    }
    if (root.has("complexity") && !COMPLEXITIES.contains(root.get("complexity").asText(""))) {
      return "complexity: Invalid enum value";
    }
    if (root.has("tempo")) {
      JsonNode tempo = root.get("tempo");
      if (!tempo.isNumber() || tempo.asDouble() < 60 || tempo.asDouble() > 200) {
        return "tempo: Number must be between 60 and 200";
      }
    }
    if (root.has("model") && !root.get("model").isTextual()) {
      return "model: Expected string";
    }
    if (root.has("options") && !root.get("options").isObject()) {
      return "options: Expected object";
    }
    return null;
  }

  private static ObjectNode errorBody(String message, String requestId) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", message);
    body.put("requestId", requestId);
    return body;
  }

  private static Answer error(int status, String message, String requestId, String details) {
    ObjectNode body = errorBody(message, requestId);
    if (details != null) {
      body.putArray("details").addObject().put("message", details);
    }
    return new Answer(status, body);
  }

  @Override
  public void close() {
    server.stop();
  }
}
