package app.polychat.finetune.polychat.internal;

import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP attempt against a Polychat endpoint: sends the body, checks the status and the answer,
 * and either returns the checked answer or throws a {@link SourceException} made by {@link
 * HttpFailures}. No retries here; the shared {@code TeacherCaller} wraps it. Thread-safe. Not
 * public API.
 */
public final class PolychatHttp {
  private static final Logger LOG = LoggerFactory.getLogger(PolychatHttp.class);

  private final HttpClient client;
  private final URI endpoint;
  private final String apiKey;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final TeacherProtocol protocol;
  private final HttpFailures failures;
  private final Clock clock;

  /** A checked answer and how long the successful call took. */
  public record Exchange(TeacherAnswer answer, Duration latency, int status) {}

  public PolychatHttp(
      HttpClient client,
      URI endpoint,
      String apiKey,
      Duration connectTimeout,
      Duration requestTimeout,
      TeacherProtocol protocol,
      HttpFailures failures,
      Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.apiKey = apiKey;
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.failures = Objects.requireNonNull(failures, "failures");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Makes one call.
   *
   * @param body the request body from {@link TeacherProtocol#body}
   * @param attempt which attempt this is (1 for the first), for messages
   * @param maxAttempts how many attempts the request may take, for messages
   */
  public Exchange send(GenerationRequest request, String body, int attempt, int maxAttempts) {
    if (Thread.currentThread().isInterrupted()) {
      throw failures.interrupted(null);
    }
    HttpRequest.Builder http =
        HttpRequest.newBuilder(endpoint)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("User-Agent", UserAgent.value())
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (apiKey != null) {
      http.header("Authorization", "Bearer " + apiKey);
    }
    long started = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = client.send(http.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      SourceException failure =
          failures.transport(e, connectTimeout, requestTimeout, attempt, maxAttempts);
      LOG.debug("request {} attempt {}: {}", request.id(), attempt, failure.getMessage());
      throw failure;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failures.interrupted(e);
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - started);
    int status = response.statusCode();
    LOG.debug(
        "request {} attempt {}: HTTP {} in {} ms",
        request.id(),
        attempt,
        status,
        latency.toMillis());
    if (status < 200 || status > 299) {
      Duration retryAfter =
          RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock)
              .orElse(null);
      throw failures.status(status, response.body(), retryAfter, attempt, maxAttempts);
    }
    try {
      return new Exchange(protocol.parse(response.body()), latency, status);
    } catch (AnswerFormatException e) {
      throw failures.badAnswer(status, e.getMessage(), response.body());
    }
  }
}
