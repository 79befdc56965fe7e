package app.polychat.finetune.integration;

import app.polychat.finetune.generate.GenerationEngine;
import app.polychat.finetune.generate.GenerationListener;
import app.polychat.finetune.generate.GenerationOptions;
import app.polychat.finetune.generate.GenerationProgress;
import app.polychat.finetune.generate.GenerationResult;
import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.prompt.PromptPlan;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.track.InMemoryRunTracker;
import app.polychat.finetune.track.RunTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How close the whole generation engine comes to the ideal {@code N × latency / concurrency}: a
 * {@link GenerationEngine} with a {@link PolychatExampleSource} (no rate limit, 16 calls in flight
 * allowed) against an in-process Polychat (WireMock) answering every call after a fixed latency,
 * journaling into an {@link InMemoryRunTracker} and into a {@link SqliteRunTracker} file, at
 * concurrency 1, 4, 8 and 16. Wall time runs from {@code run()} to its return, so it includes
 * opening the run, journaling every answer, the filters, and writing the split dataset ({@code
 * write ms} is the part after the last answer was journaled). Target: within 15 % of the ideal at
 * concurrency 8 and 16.
 *
 * <p>Then the request-rate limiter through the whole engine: 600 requests/minute configured,
 * concurrency 8, {@code rateSeconds × 10} requests; the achieved rate is measured by the server
 * (between the first and last call's arrival) and by the client (requests over wall time). Target:
 * within 5 % of 600/minute.
 *
 * <p>Each row is the median of {@code repeats} runs (the serial row runs once: it takes {@code N ×
 * latency}); all runs' wall times are listed, as a shared machine makes them vary.
 *
 * <p>Arguments (all optional): {@code n} (300), {@code latencyMs} (100), {@code rateSeconds} (30; 0
 * skips the rate part), {@code repeats} (3). Run from the repository root:
 *
 * <pre>{@code
 * mvn -B -o -q -pl examples -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp examples/target/test-classes:examples/target/classes:$(cat examples/target/bench.cp) \
 *     app.polychat.finetune.integration.GenerationBenchmark 300 100 30
 * }</pre>
 *
 * <p>Inside the reactor ({@code -am}) the sibling modules are on {@code bench.cp} as their {@code
 * target/classes} folders, so nothing needs installing.
 */
public final class GenerationBenchmark {
  private static final int[] CONCURRENCIES = {1, 4, 8, 16};
  private static final int RATE_PER_MINUTE = 600;

  private GenerationBenchmark() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int latencyMs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int rateSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    PromptCatalog catalog = PromptCatalog.load(findConfig());
    Path work = Files.createTempDirectory("finetune-bench-");
    System.out.printf(
        Locale.ROOT,
        "GenerationBenchmark: N=%d, latency %d ms, Java %s, %d CPUs%n",
        n,
        latencyMs,
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    try (FakePolychat server = FakePolychat.start(latencyMs, latencyMs)) {
      // warm up the JIT, WireMock, SQLite and the HTTP stack outside the measurements
      PromptPlan warmUp = catalog.plan(500, List.of(), List.of(), 7);
      run(server, warmUp, 16, 0, new InMemoryRunTracker(), work.resolve("warm-memory"));
      run(
          server,
          catalog.plan(30, List.of(), List.of(), 5),
          1,
          0,
          new InMemoryRunTracker(),
          work.resolve("warm-serial"));
      run(server, warmUp, 16, 0, sqlite(work.resolve("warm.db")), work.resolve("warm-sqlite"));

      PromptPlan plan = catalog.plan(n, List.of(), List.of(), 0);
      System.out.printf(
          "%-10s %11s %10s %10s %9s %8s %9s   %s%n",
          "tracker",
          "concurrency",
          "wall ms",
          "ideal ms",
          "overhead",
          "req/s",
          "write ms",
          "all runs (ms)");
      for (String kind : List.of("in-memory", "sqlite")) {
        for (int concurrency : CONCURRENCIES) {
          // a serial run takes N × latency (30 s by default): once is enough for it
          int runs = concurrency == 1 ? 1 : repeats;
          List<Timing> timings = new ArrayList<>();
          for (int i = 0; i < runs; i++) {
            String name = kind + "-" + concurrency + "-" + i;
            RunTracker tracker =
                kind.equals("sqlite")
                    ? sqlite(work.resolve(name + ".db"))
                    : new InMemoryRunTracker();
            timings.add(run(server, plan, concurrency, 0, tracker, work.resolve(name)));
          }
          timings.sort(Comparator.comparing(Timing::wall));
          Timing median = timings.get(timings.size() / 2);
          double idealMs = (double) n * latencyMs / concurrency;
          double wallMs = median.wall().toNanos() / 1e6;
          System.out.printf(
              Locale.ROOT,
              "%-10s %11d %10.0f %10.0f %8.1f%% %8.1f %9.0f   %s%n",
              kind,
              concurrency,
              wallMs,
              idealMs,
              (wallMs / idealMs - 1) * 100,
              n / (wallMs / 1000),
              median.afterLastAnswer().toNanos() / 1e6,
              timings.stream()
                  .map(t -> Long.toString(t.wall().toMillis()))
                  .collect(Collectors.joining(", ")));
        }
      }
      if (rateSeconds > 0) {
        measureRate(server, catalog, rateSeconds, work);
      }
    } finally {
      deleteTree(work);
    }
  }

  private static void measureRate(
      FakePolychat server, PromptCatalog catalog, int seconds, Path work) {
    int requests = seconds * RATE_PER_MINUTE / 60;
    PromptPlan plan = catalog.plan(requests, List.of(), List.of(), 3);
    int before = server.callCount();
    Duration wall =
        run(server, plan, 8, RATE_PER_MINUTE, sqlite(work.resolve("rate.db")), work.resolve("rate"))
            .wall();
    List<FakePolychat.Call> calls = server.calls().subList(before, server.callCount());
    Duration span =
        Duration.between(calls.get(0).receivedAt(), calls.get(calls.size() - 1).receivedAt());
    double serverRate = (calls.size() - 1) / (span.toNanos() / 6e10);
    double clientRate = requests / (wall.toNanos() / 6e10);
    System.out.printf(
        Locale.ROOT,
        "rate limit %d/minute, concurrency 8, %d requests, sqlite tracker: wall %.1f s;"
            + " server saw %.1f/minute (%+.2f%%), client %.1f/minute (%+.2f%%)%n",
        RATE_PER_MINUTE,
        requests,
        wall.toNanos() / 1e9,
        serverRate,
        (serverRate / RATE_PER_MINUTE - 1) * 100,
        clientRate,
        (clientRate / RATE_PER_MINUTE - 1) * 100);
  }

  /**
   * @param wall from {@code run()} to its return
   * @param afterLastAnswer from the last answer journaled to the return (writing the dataset)
   */
  private record Timing(Duration wall, Duration afterLastAnswer) {}

  /** One whole engine run. */
  private static Timing run(
      FakePolychat server,
      PromptPlan plan,
      int concurrency,
      int requestsPerMinute,
      RunTracker tracker,
      Path output) {
    try (RunTracker closing = tracker;
        PolychatExampleSource teacher =
            PolychatExampleSource.builder()
                .apiUrl(server.baseUrl())
                .callPolicy(
                    r ->
                        r.requestsPerMinute(requestsPerMinute)
                            .tokensPerMinute(0)
                            .maxConcurrentCalls(Math.max(16, concurrency)))
                .build()) {
      AtomicLong lastAnswer = new AtomicLong();
      GenerationEngine engine =
          GenerationEngine.builder()
              .source(teacher)
              .tracker(closing)
              .concurrency(concurrency)
              .listener(
                  new GenerationListener() {
                    @Override
                    public void succeeded(GenerationRequest request, GenerationProgress progress) {
                      lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                    }
                  })
              .build();
      long started = System.nanoTime();
      GenerationResult result = engine.run(plan, GenerationOptions.defaults(output));
      long finished = System.nanoTime();
      if (result.examples() != plan.size() || result.stoppedReason() != null) {
        throw new IllegalStateException(
            "expected " + plan.size() + " examples, got " + result.examples() + ": " + result);
      }
      return new Timing(
          Duration.ofNanos(finished - started), Duration.ofNanos(finished - lastAnswer.get()));
    }
  }

  private static SqliteRunTracker sqlite(Path file) {
    return SqliteRunTracker.open(file);
  }

  private static Path findConfig() {
    for (String candidate :
        List.of("configs/strudel-prompts.json", "../configs/strudel-prompts.json")) {
      if (Files.isRegularFile(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    throw new IllegalStateException(
        "configs/strudel-prompts.json not found: run from the repository root or examples/");
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
