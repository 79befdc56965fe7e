package app.polychat.finetune.polychat.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.source.SourceListener;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Does the request-rate limiter hold its configured rate under concurrent load? Runs {@code
 * concurrency} threads calling a {@link PolychatExampleSource} as fast as they can for {@code
 * seconds}, against an in-process WireMock Polychat that answers at once, with the source limited
 * to {@code rpm} requests per minute (no token budget), and reports the achieved rate seen by the
 * client and by the server. Target: within 5 % of the configured rate.
 *
 * <p>Arguments (all optional): {@code seconds} (30), {@code rpm} (600), {@code concurrency} (8).
 * Run from the repository root:
 *
 * <pre>{@code
 * mvn -B -o -q -pl finetune-polychat -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test -Dspotless.check.skip=true
 * java -cp finetune-polychat/target/test-classes:finetune-polychat/target/classes:$(cat finetune-polychat/target/bench.cp) \
 *     app.polychat.finetune.polychat.bench.RateLimitBenchmark 30 600 8
 * }</pre>
 */
public final class RateLimitBenchmark {
  private static final String ANSWER =
      "{\"data\":{\"code\":\"s(\\\"bd*4\\\")\",\"explanation\":\"kick\"}}";

  private RateLimitBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int rpm = args.length > 1 ? Integer.parseInt(args[1]) : 600;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 8;

    WireMockServer server =
        new WireMockServer(options().dynamicPort().containerThreads(concurrency + 16));
    server.start();
    server.stubFor(post(urlEqualTo("/apps/strudel/generate")).willReturn(okJson(ANSWER)));

    AtomicInteger rateLimitedEvents = new AtomicInteger();
    AtomicLong waitedNanos = new AtomicLong();
    SourceListener listener =
        new SourceListener() {
          @Override
          public void onRateLimited(GenerationRequest request, Duration wait, String limit) {
            rateLimitedEvents.incrementAndGet();
            waitedNanos.addAndGet(wait.toNanos());
          }
        };
    ExecutorService workers = Executors.newFixedThreadPool(concurrency);
    AtomicInteger succeeded = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicLong lastCompletion = new AtomicLong();

    try (PolychatExampleSource teacher =
        PolychatExampleSource.builder()
            .apiUrl(server.baseUrl())
            .apiKey("bench-key-not-secret")
            .callPolicy(
                r -> r.requestsPerMinute(rpm).tokensPerMinute(0).maxConcurrentCalls(concurrency))
            .addListener(listener)
            .build()) {
      // one call outside the measurement warms the JIT, the HTTP client and WireMock; it also
      // spends the limiter's first permit, so the measured run starts from a steady state
      teacher.generate(request(-1));
      server.resetRequests();

      long start = System.nanoTime();
      long deadline = start + Duration.ofSeconds(seconds).toNanos();
      AtomicInteger next = new AtomicInteger();
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < concurrency; t++) {
        running.add(
            workers.submit(
                () -> {
                  while (System.nanoTime() < deadline) {
                    try {
                      teacher.generate(request(next.getAndIncrement()));
                      succeeded.incrementAndGet();
                    } catch (SourceException e) {
                      failed.incrementAndGet();
                    }
                    lastCompletion.accumulateAndGet(System.nanoTime(), Math::max);
                  }
                }));
      }
      for (Future<?> worker : running) {
        worker.get();
      }
      double clientMinutes = (lastCompletion.get() - start) / 60e9;
      double clientRpm = succeeded.get() / clientMinutes;

      List<LoggedRequest> seen =
          server.findAll(
              com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                  urlEqualTo("/apps/strudel/generate")));
      long first = seen.stream().mapToLong(r -> r.getLoggedDate().getTime()).min().orElse(0);
      long last = seen.stream().mapToLong(r -> r.getLoggedDate().getTime()).max().orElse(0);
      // n requests spaced evenly span n - 1 intervals
      double serverRpm = (seen.size() - 1) / ((last - first) / 60_000.0);

      System.out.printf(
          Locale.ROOT,
          "rate limiter: configured %d requests/minute, %d threads, %d s%n",
          rpm,
          concurrency,
          seconds);
      System.out.printf(
          Locale.ROOT,
          "  client: %d answered, %d failed in %.2f s -> %.1f requests/minute (%+.2f%%)%n",
          succeeded.get(),
          failed.get(),
          clientMinutes * 60,
          clientRpm,
          (clientRpm / rpm - 1) * 100);
      System.out.printf(
          Locale.ROOT,
          "  server: %d requests between first and last arrival (%.2f s) -> %.1f requests/minute"
              + " (%+.2f%%)%n",
          seen.size(),
          (last - first) / 1000.0,
          serverRpm,
          (serverRpm / rpm - 1) * 100);
      System.out.printf(
          Locale.ROOT,
          "  rate-limited events: %d, mean wait %.1f ms%n",
          rateLimitedEvents.get(),
          rateLimitedEvents.get() == 0 ? 0.0 : waitedNanos.get() / 1e6 / rateLimitedEvents.get());
      boolean within =
          Math.abs(clientRpm / rpm - 1) <= 0.05 && Math.abs(serverRpm / rpm - 1) <= 0.05;
      System.out.println("  target (within 5%): " + (within ? "met" : "NOT met"));
    } finally {
      workers.shutdownNow();
      server.stop();
    }
  }

  private static GenerationRequest request(int i) {
    return new GenerationRequest(
        "bench-" + i, Math.max(0, i), "techno", "simple", "You write Strudel.", "Loop #" + i);
  }
}
