package app.polychat.finetune.polychat;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceCancelledException;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    // the three calls that wait for the rate limit say so: cancel once they all wait (a fixed sleep
    // was not enough on a loaded machine, where a call could begin after the cancel)
    CountDownLatch waiting = new CountDownLatch(3);
    try (PolychatExampleSource source =
        PolychatExampleSource.builder()
            .apiUrl(server.baseUrl())
            .resilience(r -> r.requestsPerMinute(12).tokensPerMinute(0))
            .addListener(
                new SourceListener() {
                  @Override
                  public void onRateLimited(
                      GenerationRequest request, Duration wait, String limit) {
                    waiting.countDown();
                  }
                })
            .build()) {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        GenerationRequest request =
            new GenerationRequest("r" + i, i, "techno", "simple", "system", "prompt " + i);
        calls.add(pool.submit(() -> source.generate(request)));
      }
      // 12/minute: one call goes at once, the others wait 5, 10 and 15 seconds (long enough that
      // none is due before the cancel, even on a loaded machine)
      assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
      long cancelledAt = System.nanoTime();
      source.cancelPending();
      int cancelled = 0;
      for (Future<?> call : calls) {
        try {
          call.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(SourceCancelledException.class);
          assertThat(e.getCause()).hasMessageContaining("not sent: the run is stopping");
          cancelled++;
        }
      }
      assertThat(cancelled).isEqualTo(3);
      // the earliest slot was 5 s away: returning before it means no call waited for one
      assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt))
          .isLessThan(Duration.ofSeconds(4));
      server.verify(1, postRequestedFor(urlEqualTo("/apps/strudel/generate")));
      // a resumed run in the same process: calls begun after the stop are sent as usual
      GenerationRequest later = new GenerationRequest("r9", 9, "techno", "simple", "system", "p9");
      assertThat(source.generate(later).example().conversation().lastAssistantText())
          .hasValue("s(\"bd\")");
    } finally {
      pool.shutdownNow();
    }
  }
}
