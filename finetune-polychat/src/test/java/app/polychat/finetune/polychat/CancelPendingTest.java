package app.polychat.finetune.polychat;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceCancelledException;
import app.polychat.finetune.source.SourceListener;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ctrl-C: calls waiting for the rate limit are not sent after {@code cancelPending()}. */
class CancelPendingTest {
  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
    server.stubFor(
        post(urlEqualTo("/apps/strudel/generate"))
            .willReturn(okJson("{\"data\":{\"code\":\"s(\\\"bd\\\")\"}}")));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void cancelPending_stopsCallsWaitingForTheRateLimitWithoutSendingThem() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    // the calls that are waiting for the limit, by request id (a call may be told more than once)
    Set<String> waiting = ConcurrentHashMap.newKeySet();
    CountDownLatch threeWaiting = new CountDownLatch(1);
    SourceListener waits =
        new SourceListener() {
          @Override
          public void onRateLimited(GenerationRequest request, Duration wait, String limit) {
            if (waiting.add(request.id()) && waiting.size() == 3) {
              threeWaiting.countDown();
            }
          }
        };
    CountDownLatch firstOnTheWire = new CountDownLatch(1);
    HttpClient http = HttpClient.newHttpClient();
    try (PolychatExampleSource source =
        PolychatExampleSource.builder()
            .apiUrl(server.baseUrl())
            .apiKey("ak_test")
            .httpClient(new Announcing(http, firstOnTheWire))
            .addListener(waits)
            .callPolicy(r -> r.requestsPerMinute(12).tokensPerMinute(0))
            .build()) {
      List<Future<?>> calls = new ArrayList<>();
      // when each call gave up (a call on the wire may take longer: it is not cancelled)
      List<Long> gaveUpAt = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < 4; i++) {
        GenerationRequest request =
            new GenerationRequest("r" + i, i, "techno", "simple", "system", "prompt " + i);
        calls.add(
            pool.submit(
                () -> {
                  try {
                    return source.generate(request);
                  } catch (SourceCancelledException e) {
                    gaveUpAt.add(System.nanoTime());
                    throw e;
                  }
                }));
      }
      // 12/minute: one call goes at once, the others wait about 5, 10 and 15 seconds. Wait for
      // exactly that state, however slowly the threads start: three waiting, one on the wire
      assertThat(threeWaiting.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(firstOnTheWire.await(10, TimeUnit.SECONDS)).isTrue();
      long cancelledAt = System.nanoTime();
      source.cancelPending();
      int cancelled = 0;
      for (Future<?> call : calls) {
        try {
          call.get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(SourceCancelledException.class);
          assertThat(e.getCause()).hasMessageContaining("not sent: the run is stopping");
          cancelled++;
        }
      }
      assertThat(cancelled).isEqualTo(3);
      assertThat(gaveUpAt).hasSize(3);
      for (long at : gaveUpAt) {
        assertThat(Duration.ofNanos(at - cancelledAt)).isLessThan(Duration.ofSeconds(1));
      }
      server.verify(1, postRequestedFor(urlEqualTo("/apps/strudel/generate")));
      // a resumed run in the same process: calls begun after the stop are sent as usual
      GenerationRequest later = new GenerationRequest("r9", 9, "techno", "simple", "system", "p9");
      assertThat(source.generate(later).example().conversation().lastAssistantText())
          .hasValue("s(\"bd\")");
    } finally {
      pool.shutdownNow();
    }
  }

  /** An HTTP client that says when a request is handed to the network. */
  private static final class Announcing extends HttpClient {
    private final HttpClient delegate;
    private final CountDownLatch sending;

    Announcing(HttpClient delegate, CountDownLatch sending) {
      this.delegate = delegate;
      this.sending = sending;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
        throws IOException, InterruptedException {
      sending.countDown();
      return delegate.send(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
        HttpRequest request, HttpResponse.BodyHandler<T> handler) {
      sending.countDown();
      return delegate.sendAsync(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
        HttpRequest request,
        HttpResponse.BodyHandler<T> handler,
        HttpResponse.PushPromiseHandler<T> push) {
      sending.countDown();
      return delegate.sendAsync(request, handler, push);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
      return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
      return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
      return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
      return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
      return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
      return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
      return delegate.authenticator();
    }

    @Override
    public Version version() {
      return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
      return delegate.executor();
    }
  }
}
