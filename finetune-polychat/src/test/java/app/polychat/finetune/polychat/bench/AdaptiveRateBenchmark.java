package app.polychat.finetune.polychat.bench;

import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.polychat.standin.PolychatStandIn;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.RateStatus;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.source.SourceListener;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How close does the adaptive pace get to a server's real limit, with the SDK's default settings?
 * Runs a {@link PolychatExampleSource} built with defaults only (ceiling 120 requests a minute) for
 * {@code minutes} real minutes against the {@link PolychatStandIn}, which lets {@code serverLimit}
 * requests per key through in any sliding minute and answers 429 with {@code Retry-After: 60}
 * beyond, as Polychat does. 32 threads ask as fast as the source lets them. Reports the answered
 * requests per minute against the server's limit, minute by minute and overall, the 429 count and
 * the pace changes the source announced.
 *
 * <p>It runs the real minute (the source's window is Polychat's minute; there is no scaled-down
 * clock), so a run takes {@code minutes} minutes. Arguments (all optional): {@code minutes} (4),
 * {@code serverLimit} (100: the figure Polychat's error text gives; 120 is its deployment config),
 * {@code minLatencyMs} (300), {@code maxLatencyMs} (1500). Run from the repository root:
 *
 * <pre>{@code
 * mvn -B -o -q -pl finetune-polychat -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test -Dspotless.check.skip=true
 * java -cp finetune-polychat/target/test-classes:finetune-polychat/target/classes:$(cat finetune-polychat/target/bench.cp) \
 *     app.polychat.finetune.polychat.bench.AdaptiveRateBenchmark 4 100
 * }</pre>
 */
public final class AdaptiveRateBenchmark {
  private static final String KEY = "ak_bench_0000000000000000";

  private AdaptiveRateBenchmark() {}

  public static void main(String[] args) throws Exception {
    int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int serverLimit = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int minLatency = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    int maxLatency = args.length > 3 ? Integer.parseInt(args[3]) : 1500;
    long start = System.nanoTime();
    try (PolychatStandIn polychat =
            PolychatStandIn.start(
                Set.of(KEY), serverLimit, Duration.ofMinutes(1), minLatency, maxLatency);
        PolychatExampleSource source =
            PolychatExampleSource.builder()
                .apiUrl(polychat.baseUrl())
                .apiKey(KEY)
                .addListener(
                    new SourceListener() {
                      @Override
                      public void onRateChanged(RateStatus status) {
                        if (status.paused()
                            || status.heldBy() == RateStatus.HeldBy.SERVER_THROTTLING) {
                          System.out.printf(
                              Locale.ROOT, "  %6.1f s  %s%n", seconds(start), status.describe());
                        }
                      }
                    })
                .build()) {
      System.out.printf(
          Locale.ROOT,
          "server limit %d/min (sliding minute, 429 + Retry-After 60 beyond); client: SDK"
              + " defaults (%s); latency %d–%d ms; %d min%n",
          serverLimit,
          source.callPolicy(),
          minLatency,
          maxLatency,
          minutes);
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger answered = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      AtomicInteger next = new AtomicInteger();
      ExecutorService callers = Executors.newFixedThreadPool(32);
      for (int t = 0; t < 32; t++) {
        callers.execute(
            () -> {
              while (running.get()) {
                int i = next.getAndIncrement();
                try {
                  source.generate(
                      new GenerationRequest(
                          "b" + i, i, "techno", "simple", "", "a techno loop " + i, null));
                  answered.incrementAndGet();
                } catch (app.polychat.finetune.source.SourceCancelledException e) {
                  return; // the benchmark is over: never sent
                } catch (SourceException e) {
                  failed.incrementAndGet();
                }
              }
            });
      }
      int before = 0;
      int[] perMinute = new int[minutes];
      for (int m = 0; m < minutes; m++) {
        for (int tick = 0; tick < 6; tick++) {
          Thread.sleep(10_000);
          RateStatus status = source.rateStatus().orElseThrow();
          System.out.printf(
              Locale.ROOT,
              "  %6.1f s  answered %4d  429s %3d  sent in the last minute %3d  %s%n",
              seconds(start),
              answered.get(),
              polychat.count(429),
              status.sentLastMinute(),
              status.describe());
        }
        int now = polychat.count(200);
        perMinute[m] = now - before;
        before = now;
      }
      running.set(false);
      source.cancelPending();
      callers.shutdown();
      callers.awaitTermination(3, TimeUnit.MINUTES);
      double elapsedMinutes = minutes;
      int total = 0;
      StringBuilder each = new StringBuilder();
      for (int n : perMinute) {
        total += n;
        each.append(n).append(' ');
      }
      int steady = 0;
      for (int m = 1; m < minutes; m++) {
        steady += perMinute[m];
      }
      System.out.printf(Locale.ROOT, "answered per minute: %s%n", each.toString().trim());
      System.out.printf(
          Locale.ROOT,
          "overall %.1f/min = %.1f %% of the server's %d/min; after the first minute %.1f/min ="
              + " %.1f %%; 429 answers %d; requests failed after all attempts %d%n",
          total / elapsedMinutes,
          100.0 * total / elapsedMinutes / serverLimit,
          serverLimit,
          minutes > 1 ? steady / (minutes - 1.0) : Double.NaN,
          minutes > 1 ? 100.0 * steady / (minutes - 1.0) / serverLimit : Double.NaN,
          polychat.count(429),
          failed.get());
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
