package app.polychat.finetune.bedrock.teacher;

import app.polychat.finetune.bedrock.testing.S3ProxyServer;
import app.polychat.finetune.generate.GenerationEngine;
import app.polychat.finetune.generate.GenerationOptions;
import app.polychat.finetune.generate.GenerationResult;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.prompt.PromptPlan;
import app.polychat.finetune.source.SourceListener;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A 20,000-request plan through the batch path against the local stand-ins: the real {@link
 * GenerationEngine} and {@link BedrockBatchExampleSource}, the real Bedrock and S3 clients, Bedrock
 * batch inference played by {@link FakeBatchInference} (WireMock) and S3 by S3Proxy with its
 * filesystem store (so the files are on disk, not on the heap), the journal in a {@link
 * SqliteRunTracker} file. The plan comes from {@code configs/strudel-prompts.json} (system prompts
 * of about 4 KB), so the input file is about 100 MB and the results file about as large.
 *
 * <p>It reports the wall time of each phase (writing and uploading the input and creating the job,
 * the job's run in the stand-in, reading back and journaling every result, writing the dataset) and
 * the peak heap: the highest heap in use sampled every 5 ms, and the sum of the heap pools' peaks
 * (an upper bound). Everything runs in this one JVM, the stand-ins included, so the heap figure
 * covers them too. Target: streaming throughout, the whole run within {@code -Xmx128m}.
 *
 * <p>Arguments (optional): {@code n} (20000), {@code maxRecordsPerJob} (50000, Bedrock's default;
 * smaller splits the plan into several jobs). Run from the repository root:
 *
 * <pre>{@code
 * mvn -B -o -q -pl finetune-bedrock -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -Xmx128m -cp finetune-bedrock/target/test-classes:finetune-bedrock/target/classes:$(cat \
 *     finetune-bedrock/target/bench.cp) app.polychat.finetune.bedrock.teacher.BatchGenerationBenchmark
 * }</pre>
 */
public final class BatchGenerationBenchmark {
  private BatchGenerationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int maxPerJob = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    PromptPlan plan = PromptCatalog.load(findConfig()).plan(n, List.of(), List.of(), 0);
    Path work = Files.createTempDirectory("batch-bench-");
    HeapSampler heap = new HeapSampler();
    heap.start();
    try (S3ProxyServer s3 = new S3ProxyServer(Files.createDirectories(work.resolve("s3")))) {
      s3.createBucket("training-bucket");
      try (FakeBatchInference bedrock = new FakeBatchInference(s3.client());
          BedrockClient bedrockClient = bedrock.client();
          S3Client s3Client = s3.newClient();
          SqliteRunTracker tracker = SqliteRunTracker.open(work.resolve("finetune.db"))) {
        Phases phases = new Phases();
        long started = System.nanoTime();
        GenerationResult result;
        try (BedrockBatchExampleSource source =
            BedrockBatchExampleSource.builder()
                .model(BedrockBatchExampleSourceTest.MODEL)
                .roleArn(BedrockBatchExampleSourceTest.ROLE)
                .location(URI.create("s3://training-bucket/batch-inference/"))
                .bedrockClient(bedrockClient)
                .s3Client(s3Client)
                .maxRecordsPerJob(maxPerJob)
                .pollInterval(Duration.ofMillis(200))
                .addListener(phases)
                .build()) {
          result =
              GenerationEngine.builder()
                  .source(source)
                  .tracker(tracker)
                  .build()
                  .run(plan, GenerationOptions.defaults(work.resolve("dataset")));
        }
        long finished = System.nanoTime();
        heap.stop();
        report(n, maxPerJob, result, started, finished, phases, heap, bedrock.jobsCreated());
      }
    } finally {
      deleteTree(work);
    }
  }

  private static void report(
      int n,
      int maxPerJob,
      GenerationResult result,
      long started,
      long finished,
      Phases phases,
      HeapSampler heap,
      int jobs) {
    Runtime runtime = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "batch path: %,d requests, max %,d records per job -> %d job(s); -Xmx %d MB; Java %s%n",
        n,
        maxPerJob,
        jobs,
        runtime.maxMemory() >> 20,
        System.getProperty("java.version"));
    System.out.printf(
        Locale.ROOT,
        "result: %,d examples (%,d train / %,d validation), %,d failed, %,d dropped%n",
        result.examples(),
        result.dataset().trainCount(),
        result.dataset().validationCount(),
        result.failed(),
        result.dropped());
    System.out.printf(Locale.ROOT, "wall time: %,d ms%n", ms(finished - started));
    System.out.printf(
        Locale.ROOT,
        "  plan, write + upload input, create job(s): %,d ms%n",
        ms(phases.lastSubmitted.get() - started));
    System.out.printf(
        Locale.ROOT,
        "  job(s) running in the stand-in (incl. polling): %,d ms%n",
        ms(phases.firstCollecting.get() - phases.lastSubmitted.get()));
    System.out.printf(
        Locale.ROOT,
        "  read back + journal every result (SQLite): %,d ms (%,.0f results/s)%n",
        ms(phases.lastCollected.get() - phases.firstCollecting.get()),
        result.examples()
            * 1e9
            / Math.max(1, phases.lastCollected.get() - phases.firstCollecting.get()));
    System.out.printf(
        Locale.ROOT,
        "  dedup + split + write the dataset: %,d ms%n",
        ms(finished - phases.lastCollected.get()));
    System.out.printf(
        Locale.ROOT,
        "peak heap: %.1f MB sampled in use (every 5 ms); %.1f MB sum of pool peaks; GC: %s%n",
        heap.peakUsed() / 1048576.0,
        heap.poolPeaks() / 1048576.0,
        gcSummary());
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private static String gcSummary() {
    StringBuilder out = new StringBuilder();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      out.append(out.length() == 0 ? "" : ", ")
          .append(gc.getName())
          .append(' ')
          .append(gc.getCollectionCount())
          .append(" runs ")
          .append(gc.getCollectionTime())
          .append(" ms");
    }
    return out.toString();
  }

  /** When the batch path's phases ended, from the source's events. */
  private static final class Phases implements SourceListener {
    final AtomicLong lastSubmitted = new AtomicLong();
    final AtomicLong firstCollecting = new AtomicLong();
    final AtomicLong lastCollected = new AtomicLong();

    @Override
    public void onBulkJobStarted(String jobArn, int records, boolean reattached) {
      lastSubmitted.set(System.nanoTime());
    }

    @Override
    public void onBulkJobStatus(String jobArn, String status, long processed, long total) {
      // the poll that sees the end is followed at once by reading the results
      if (status.equals("Completed") || status.equals("PartiallyCompleted")) {
        firstCollecting.compareAndSet(0, System.nanoTime());
      }
    }

    @Override
    public void onBulkJobCollected(String jobArn, int answered, int failed) {
      lastCollected.set(System.nanoTime());
    }
  }

  /** Samples the heap in use every 5 ms on a daemon thread. */
  private static final class HeapSampler {
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;
    private final Thread thread =
        new Thread(
            () -> {
              var memory = ManagementFactory.getMemoryMXBean();
              while (running) {
                long used = memory.getHeapMemoryUsage().getUsed();
                peak.accumulateAndGet(used, Math::max);
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");

    void start() {
      ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    long peakUsed() {
      return peak.get();
    }

    long poolPeaks() {
      return ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .mapToLong(p -> p.getPeakUsage().getUsed())
          .sum();
    }
  }

  private static Path findConfig() {
    for (Path candidate :
        List.of(
            Path.of("configs/strudel-prompts.json"), Path.of("../configs/strudel-prompts.json"))) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("run from the repository root: configs/strudel-prompts.json");
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(BatchGenerationBenchmark::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
