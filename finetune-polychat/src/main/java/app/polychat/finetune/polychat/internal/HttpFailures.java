package app.polychat.finetune.polychat.internal;

import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.source.SourceUnavailableException;
import app.polychat.finetune.support.Durations;
import app.polychat.finetune.support.Json;
import app.polychat.finetune.support.Secrets;
import app.polychat.finetune.teacher.LocalFailureException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The one place where Polychat's HTTP outcomes become {@link SourceException}s: which are worth
 * retrying, and a message that says what happened and what to do. Every message is scrubbed of the
 * API key and of secret-looking text the server may have echoed. Not public API.
 */
public final class HttpFailures {
  /** Statuses worth another attempt: request timeout, throttling, transient server errors. */
  public static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

  private static final int EXCERPT_CHARS = 200;

  private final String endpoint;
  private final String apiKey;
  private final String hint404;
  private final Duration maxRetryAfter;

  /**
   * @param endpoint the endpoint, for messages (made safe here: no user info, no query)
   * @param apiKey the API key to scrub from messages, or null
   * @param hint404 what to check when the endpoint is not found
   * @param maxRetryAfter the longest {@code Retry-After} the source waits for
   */
  public HttpFailures(URI endpoint, String apiKey, String hint404, Duration maxRetryAfter) {
    this.endpoint = "POST " + safeUrl(endpoint);
    this.apiKey = apiKey;
    this.hint404 = Objects.requireNonNull(hint404, "hint404");
    this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
  }

  /** The URL without user info, query or fragment, which may carry credentials. */
  public static String safeUrl(URI uri) {
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + uri.getHost() + port + path;
  }

  /** Polychat's answer when a caller without a valid key or without a User-Agent is refused. */
  static final String BOT_REFUSAL = "Bot access is not allowed.";

  /** A non-2xx answer. */
  public SourceException status(
      int status, String body, Duration retryAfter, int attempt, int maxAttempts) {
    String head = "HTTP " + status + " from " + endpoint;
    ServerError error = ServerError.of(body);
    String says = error.describe();
    if (retryAfter == null && status == 429) {
      retryAfter = error.retryAfter();
    }
    String message;
    boolean retryable = RETRYABLE_STATUSES.contains(status);
    if ((status == 401 || status == 403) && error.message().contains(BOT_REFUSAL)) {
      // auth.ts: no User-Agent, or a bot-like one from a caller no valid key identifies
      message =
          head
              + ": Polychat refused this client as a bot; it does so when no User-Agent arrives"
              + " or no valid API key identifies the caller. A User-Agent ("
              + UserAgent.value()
              + ") was sent, so the API key is missing or wrong ("
              + (apiKey == null ? "no key was sent" : "the key sent was refused")
              + "): set API_KEY or pass --api-key (Polychat keys start ak_), and check that no proxy"
              + " strips the User-Agent header"
              + says;
    } else if (status == 401 || status == 403) {
      message =
          head
              + ": the API key is missing or wrong ("
              + (apiKey == null ? "no key was sent" : "the key sent was refused")
              + "); set API_KEY or pass --api-key"
              + says;
    } else if (status == 404) {
      message = head + ": no such endpoint; " + hint404 + says;
    } else if (status == 429) {
      message = head + ": the API is rate limiting this client" + says;
    } else if (status == 408) {
      message = head + ": the API timed out waiting for the request" + says;
    } else if (status >= 400 && status < 500) {
      message = head + ": the API rejected the request" + says;
    } else {
      message = head + ": the API failed" + says;
    }
    if (retryable) {
      message += attemptNote(attempt, maxAttempts);
      if (retryAfter != null) {
        message += "; Retry-After " + Durations.human(retryAfter);
        if (retryAfter.compareTo(maxRetryAfter) > 0) {
          message +=
              ", longer than the "
                  + Durations.human(maxRetryAfter)
                  + " this source waits: run again later to resume";
        }
      }
    }
    if (status == 401 || status == 403) {
      // no request can succeed with this key: the engine stops the run instead of failing each one
      return new SourceUnavailableException(scrub(message), null, status);
    }
    return new SourceException(scrub(message), null, retryable, status, retryAfter);
  }

  /** No answer: a timeout, a refused or reset connection. All are worth another attempt. */
  public SourceException transport(
      IOException e, Duration connectTimeout, Duration requestTimeout, int attempt, int max) {
    String message;
    if (e instanceof HttpConnectTimeoutException) {
      message =
          "could not connect for "
              + endpoint
              + " within "
              + Durations.human(connectTimeout)
              + " (connect timeout): is the API reachable? check --api-url";
    } else if (e instanceof HttpTimeoutException) {
      message =
          "no answer from "
              + endpoint
              + " within "
              + Durations.human(requestTimeout)
              + " (request timeout); if the teacher is slow, raise the request timeout";
    } else if (e instanceof ConnectException) {
      message =
          "cannot connect for "
              + endpoint
              + " ("
              + describe(e)
              + "): is the API running? check --api-url";
    } else {
      message = "connection failed during " + endpoint + " (" + describe(e) + ")";
    }
    return new SourceException(scrub(message + attemptNote(attempt, max)), e, true, 0, null);
  }

  /** A 2xx answer that is not a usable example: never retried, never an empty example. */
  public SourceException badAnswer(int status, String reason, String body) {
    String excerpt = excerpt(body);
    String message =
        "HTTP "
            + status
            + " from "
            + endpoint
            + " but no usable answer: "
            + reason
            + (excerpt.isEmpty() || reason.contains("empty") ? "" : "; body: " + excerpt);
    return new SourceException(scrub(message), null, false, status, null);
  }

  /** The calling thread was interrupted before or during the call. */
  public SourceException interrupted(InterruptedException cause) {
    return new LocalFailureException(
        "interrupted while calling " + endpoint + "; the request was not answered", cause, false);
  }

  /** Removes the API key and secret-looking strings from any text. */
  public String scrub(String text) {
    return Secrets.redactText(text, apiKey);
  }

  private static String attemptNote(int attempt, int maxAttempts) {
    return maxAttempts > 1 ? " (attempt " + attempt + " of " + maxAttempts + ")" : "";
  }

  private static String describe(IOException e) {
    String detail = e.getMessage();
    if (detail == null && e.getCause() != null) {
      detail = e.getCause().getMessage();
    }
    return detail == null || detail.isBlank()
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + detail;
  }

  /**
   * What an error body says. Polychat answers {@code {"error": "<message>", "requestId": "<id>"}},
   * 400s may add {@code details}, 429s add {@code retryAfter} (seconds); other servers' shapes
   * ({@code error.message}, {@code message}, {@code detail}, {@code errors[0].message}) and plain
   * text are read too.
   */
  record ServerError(String message, String details, String requestId, Duration retryAfter) {
    static ServerError of(String body) {
      if (body == null || body.isBlank()) {
        return new ServerError("", null, null, null);
      }
      JsonNode root;
      try {
        root = Json.parse(body);
      } catch (IllegalArgumentException notJson) {
        return new ServerError(body, null, null, null);
      }
      if (root == null || !root.isObject()) {
        return new ServerError(body, null, null, null);
      }
      String message = body;
      for (JsonNode candidate :
          new JsonNode[] {
            root.path("error").path("message"),
            root.path("error"),
            root.path("message"),
            root.path("detail"),
            root.path("errors").path(0).path("message")
          }) {
        if (candidate.isTextual() && !candidate.textValue().isBlank()) {
          message = candidate.textValue();
          break;
        }
      }
      JsonNode details = root.path("details");
      String detailText =
          details.isMissingNode() || details.isNull()
              ? null
              : details.isTextual() ? details.textValue() : Json.write(details);
      JsonNode id = root.path("requestId");
      String requestId = id.isTextual() || id.isNumber() ? id.asText() : null;
      JsonNode wait = root.path("retryAfter");
      Duration retryAfter =
          wait.isNumber() && wait.asLong() >= 0 ? Duration.ofSeconds(wait.asLong()) : null;
      return new ServerError(message, detailText, requestId, retryAfter);
    }

    /** As {@code " (server said: <message>; details: ...; requestId <id>)"}, or "". */
    String describe() {
      List<String> parts = new ArrayList<>();
      String said = excerpt(message);
      if (!said.isEmpty()) {
        parts.add("server said: " + said);
      }
      if (details != null && !details.isBlank()) {
        parts.add("details: " + excerpt(details));
      }
      if (requestId != null && !requestId.isBlank()) {
        parts.add("requestId " + excerpt(requestId));
      }
      return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }
  }

  private static String excerpt(String text) {
    if (text == null) {
      return "";
    }
    String flat = text.strip().replaceAll("\\s+", " ");
    return flat.length() <= EXCERPT_CHARS ? flat : flat.substring(0, EXCERPT_CHARS) + "…";
  }
}
