package app.polychat.finetune.integration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.support.Hashing;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process Polychat API on WireMock: {@code POST /apps/strudel/generate} answers after a delay
 * (fixed or uniformly random) with a Strudel pattern that is unique per call. The pattern names the
 * ask it answers ({@link #key} of its prompt, style and complexity) and the call's number, so the
 * generation engine's duplicate filter keeps every answer and a test can map each dataset line and
 * each call back to its planned request.
 *
 * <p>Every call is recorded with the time it arrived (before the delay), in arrival order.
 */
final class FakePolychat implements AutoCloseable {
  static final String PATH = "/apps/strudel/generate";
  private static final String TRANSFORMER = "unique-strudel-answer";
  private static final Pattern ANSWER_KEY = Pattern.compile("// ask ([0-9a-f]{16}) call (\\d+)$");

  /**
   * A call the server received.
   *
   * @param key the ask it was for (see {@link #key})
   * @param number its position in arrival order, from 1
   * @param receivedAt when it arrived, before the answer's delay
   */
  record Call(String key, int number, Instant receivedAt) {}

  private final WireMockServer server;
  private final Answerer answerer;

  private FakePolychat(WireMockServer server, Answerer answerer) {
    this.server = server;
    this.answerer = answerer;
  }

  /** Starts a server answering after a uniformly random delay in {@code [minMs, maxMs]}. */
  static FakePolychat start(int minDelayMs, int maxDelayMs) {
    return start(minDelayMs, maxDelayMs, call -> {});
  }

  /**
   * Starts a server answering after a delay in {@code [minMs, maxMs]} (fixed when equal); {@code
   * onCall} hears each call as it arrives, on the server's thread.
   */
  static FakePolychat start(int minDelayMs, int maxDelayMs, Consumer<Call> onCall) {
    Answerer answerer = new Answerer(onCall);
    // enough request threads that the server never queues the client's concurrent calls
    WireMockServer server =
        new WireMockServer(
            options()
                .dynamicPort()
                .containerThreads(64)
                .extensions(answerer)
                .disableRequestJournal());
    server.start();
    ResponseDefinitionBuilder response =
        aResponse().withStatus(200).withHeader("Content-Type", "application/json");
    response =
        minDelayMs == maxDelayMs
            ? response.withFixedDelay(minDelayMs)
            : response.withUniformRandomDelay(minDelayMs, maxDelayMs);
    server.stubFor(post(urlEqualTo(PATH)).willReturn(response.withTransformers(TRANSFORMER)));
    return new FakePolychat(server, answerer);
  }

  String baseUrl() {
    return server.baseUrl();
  }

  /** The calls received so far, in arrival order. */
  List<Call> calls() {
    synchronized (answerer.calls) {
      return List.copyOf(answerer.calls);
    }
  }

  int callCount() {
    return answerer.count.get();
  }

  /** Identifies an ask by what the request body names: prompt, style and complexity. */
  static String key(String prompt, String style, String complexity) {
    return Hashing.sha256Hex(prompt + "\u0000" + style + "\u0000" + complexity).substring(0, 16);
  }

  static String key(GenerationRequest request) {
    return key(request.prompt(), request.style(), request.complexity());
  }

  /** The ask key named by one of this server's answers. */
  static String keyOfAnswer(String code) {
    Matcher m = ANSWER_KEY.matcher(code.strip());
    if (!m.find()) {
      throw new IllegalArgumentException("not an answer of FakePolychat: " + code);
    }
    return m.group(1);
  }

  @Override
  public void close() {
    server.stop();
  }

  /** Builds each answer from the request body; records the call. */
  private static final class Answerer implements ResponseDefinitionTransformerV2 {
    private static final String[] SOUNDS = {"sawtooth", "square", "triangle", "bd", "hh", "cp"};
    private final Consumer<Call> onCall;
    private final List<Call> calls = new ArrayList<>();
    private final AtomicInteger count = new AtomicInteger();

    Answerer(Consumer<Call> onCall) {
      this.onCall = Objects.requireNonNull(onCall, "onCall");
    }

    @Override
    public String getName() {
      return TRANSFORMER;
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      Instant receivedAt = Instant.now();
      JsonNode body = Json.parse(serveEvent.getRequest().getBodyAsString());
      String key =
          key(
              body.path("prompt").asText(),
              body.path("style").textValue(),
              body.path("complexity").textValue());
      Call call;
      synchronized (calls) {
        call = new Call(key, count.incrementAndGet(), receivedAt);
        calls.add(call);
      }
      onCall.accept(call);
      String code =
          "note(\"c3 eb3 g3 bb3\").s(\""
              + SOUNDS[call.number() % SOUNDS.length]
              + "\").lpf(800)\n// ask "
              + key
              + " call "
              + call.number();
      ObjectNode answer = Json.mapper().createObjectNode();
      answer.putObject("data").put("code", code).put("explanation", "A minor seventh arpeggio.");
      return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition())
          .but()
          .withBody(Json.write(answer))
          .build();
    }
  }
}
