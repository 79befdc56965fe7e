package app.polychat.finetune.validate.bench;

import app.polychat.finetune.support.Json;
import app.polychat.finetune.validate.DatasetValidator;
import app.polychat.finetune.validate.ValidationReport;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures the dataset validator's throughput and peak heap on generated files: 20,000 records of
 * about 2 KB (a full-size Nova dataset) and a file of about 1 GB. Run it with a small heap to show
 * memory stays flat whatever the file size:
 *
 * <pre>
 * mvn -q -pl finetune-core test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx64m -cp finetune-core/target/classes:finetune-core/target/test-classes:$(cat finetune-core/target/cp.txt) \
 *     app.polychat.finetune.validate.bench.ValidatorBenchmark [--gigabytes 1] [--dir /tmp] [--keep]
 * </pre>
 *
 * The generated files are deleted afterwards unless {@code --keep} is given.
 */
public final class ValidatorBenchmark {
  private static final String[] STYLES = {
    "techno", "house", "ambient", "drum-and-bass", "jazz", "hip-hop"
  };
  private static final String[] COMPLEXITIES = {"simple", "medium", "complex"};

  private ValidatorBenchmark() {}

  public static void main(String[] args) throws Exception {
    double gigabytes = 1.0;
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    boolean keep = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--gigabytes" -> gigabytes = Double.parseDouble(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        case "--keep" -> keep = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "max heap (-Xmx): %d MB, %d CPUs%n",
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors());
    Path small = dir.resolve("bench_validate_20k.jsonl");
    Path large = dir.resolve("bench_validate_1g.jsonl");
    try {
      long smallBytes = generate(small, 20_000, Long.MAX_VALUE);
      System.out.printf(
          Locale.ROOT,
          "generated %s: 20,000 records, %.1f MB (%.0f bytes/record)%n",
          small,
          smallBytes / 1e6,
          smallBytes / 20_000.0);
      DatasetValidator validator = DatasetValidator.builder().model("nova-lite").build();
      long warmUntil = System.nanoTime() + 5_000_000_000L;
      while (System.nanoTime() < warmUntil) {
        validator.validate(small); // warm up the JIT for five seconds
      }
      double[] rates = new double[5];
      for (int i = 0; i < rates.length; i++) {
        rates[i] = run("20k run " + (i + 1), validator, small, smallBytes);
      }
      java.util.Arrays.sort(rates);
      System.out.printf(
          Locale.ROOT,
          "20k records: median %.0f MB/s, best %.0f MB/s over %d runs%n",
          rates[rates.length / 2],
          rates[rates.length - 1],
          rates.length);
      long target = (long) (gigabytes * (1L << 30));
      long largeBytes = generate(large, Long.MAX_VALUE, target);
      System.out.printf(Locale.ROOT, "generated %s: %.2f GB%n", large, largeBytes / 1e9);
      run("1 GB file", validator, large, largeBytes);
    } finally {
      if (!keep) {
        Files.deleteIfExists(small);
        Files.deleteIfExists(large);
      }
    }
  }

  /** Validates {@code file} once, prints the figures and returns the wall-clock MB/s. */
  private static double run(String label, DatasetValidator validator, Path file, long bytes) {
    List<MemoryPoolMXBean> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    System.gc();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    AtomicLong sampledPeak = new AtomicLong();
    AtomicLong liveAfterGc = new AtomicLong();
    List<NotificationEmitter> emitters = new java.util.ArrayList<>();
    NotificationListener listener =
        (notification, handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
              notification.getType())) {
            GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long used =
                info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                    .filter(e -> heapPools.stream().anyMatch(p -> p.getName().equals(e.getKey())))
                    .mapToLong(e -> e.getValue().getUsed())
                    .sum();
            liveAfterGc.accumulateAndGet(used, Math::max);
          }
        };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
    Thread sampler =
        new Thread(
            () -> {
              var memory = ManagementFactory.getMemoryMXBean();
              while (!Thread.currentThread().isInterrupted()) {
                sampledPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    sampler.setDaemon(true);
    sampler.start();
    var threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    ValidationReport report = validator.validate(file);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    sampler.interrupt();
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    long poolPeaks = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    System.out.printf(
        Locale.ROOT,
        "%-11s %,d records, %.1f MB in %.2f s = %.0f MB/s (%.2f s of CPU = %.0f MB per CPU"
            + " second)%n"
            + "            peak heap used %.1f MB (sum of pool peaks, garbage included), %.1f MB"
            + " (sampled); largest heap after a GC %.1f MB; %d errors, %d warnings %s%n",
        label,
        report.training().records(),
        bytes / 1e6,
        seconds,
        bytes / 1e6 / seconds,
        cpuSeconds,
        bytes / 1e6 / cpuSeconds,
        poolPeaks / 1048576.0,
        sampledPeak.get() / 1048576.0,
        liveAfterGc.get() / 1048576.0,
        report.errorCount(),
        report.warningCount(),
        report.counts().stream().map(c -> c.code() + "=" + c.count()).toList());
    System.out.printf(
        Locale.ROOT,
        "            tokens (estimated) min %d median %d p95 %d max %d;"
            + " %d system prompt variants; %d style groups%n",
        report.training().tokens().min(),
        report.training().tokens().median(),
        report.training().tokens().p95(),
        report.training().tokens().max(),
        report.training().systemPromptVariants(),
        report.training().styleComplexity().size());
    return bytes / 1e6 / seconds;
  }

  /** Writes unique, valid records of about 2 KB until either limit is reached; returns bytes. */
  private static long generate(Path file, long maxRecords, long maxBytes) throws IOException {
    Random random = new Random(42);
    long bytes = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      CountingStream counter = new CountingStream(out);
      for (long i = 0; i < maxRecords && counter.count < maxBytes; i++) {
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(counter)) {
          g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
          writeRecord(g, i, random);
        }
        counter.write('\n');
      }
      bytes = counter.count;
    }
    return bytes;
  }

  private static void writeRecord(JsonGenerator g, long i, Random random) throws IOException {
    String style = STYLES[(int) (i % STYLES.length)];
    String complexity = COMPLEXITIES[(int) ((i / STYLES.length) % COMPLEXITIES.length)];
    g.writeStartObject();
    g.writeStringField("schemaVersion", "bedrock-conversation-2024");
    g.writeArrayFieldStart("system");
    g.writeStartObject();
    g.writeStringField(
        "text",
        "You are an expert Strudel live-coding assistant. Answer with runnable Strudel code only,"
            + " no markdown fences, no explanations outside comments. Prefer the mini-notation for"
            + " rhythms, keep patterns musical and loopable, and use the standard sample banks.\n"
            + "STYLE: "
            + style
            + "\nUse the idioms of "
            + style
            + ": its typical tempo, drum"
            + " patterns, bass lines and effects. Keep the groove tight.\nCOMPLEXITY: "
            + complexity
            + "\nMatch the requested complexity: "
            + complexity
            + " patterns, layered accordingly."
            + " Name every layer in a short comment, keep gains below 1 so the mix does not clip,"
            + " and end the pattern with a comment that says what changes over the bars.");
    g.writeEndObject();
    g.writeEndArray();
    g.writeArrayFieldStart("messages");
    g.writeStartObject();
    g.writeStringField("role", "user");
    g.writeArrayFieldStart("content");
    g.writeStartObject();
    g.writeStringField(
        "text",
        "Create a "
            + complexity
            + " "
            + style
            + " loop number "
            + i
            + " at "
            + (90 + random.nextInt(70))
            + " BPM with a driving kick, off-beat hats, a rolling bass"
            + " line in "
            + "CDEFGAB".charAt(random.nextInt(7))
            + " minor and a filtered chord stab"
            + " that opens slowly over eight bars. Add a little swing and some variation every"
            + " fourth bar so it does not get repetitive.");
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeStartObject();
    g.writeStringField("role", "assistant");
    g.writeArrayFieldStart("content");
    g.writeStartObject();
    StringBuilder code = new StringBuilder(1100);
    code.append("setcps(").append(90 + random.nextInt(70)).append("/60/4)\n");
    code.append("stack(\n");
    code.append("  s(\"bd*4\").bank(\"RolandTR909\").gain(0.9),\n");
    code.append("  s(\"~ hh ~ hh\").bank(\"RolandTR909\").gain(")
        .append(random.nextInt(10) / 10.0)
        .append("),\n");
    code.append("  s(\"~ cp ~ cp\").room(0.3).every(4, x => x.fast(2)),\n");
    code.append("  note(\"<c2 eb2 g2 bb1>*2\").s(\"sawtooth\").lpf(sine.range(300, ")
        .append(800 + random.nextInt(2000))
        .append(").slow(8)).decay(0.2),\n");
    code.append("  note(\"<[c4,eb4,g4] [bb3,d4,f4]>\").s(\"square\").lpf(")
        .append(400 + random.nextInt(3000))
        .append(").attack(0.01).release(0.3).delay(0.25),\n");
    code.append("  s(\"hh*16\").gain(perlin.range(0.2, 0.6)).pan(sine.slow(3)).degradeBy(0.")
        .append(1 + random.nextInt(8))
        .append(")\n");
    code.append(").swingBy(1/3, 4) // loop ")
        .append(i)
        .append(": ")
        .append(style)
        .append(", ")
        .append(complexity)
        .append('\n');
    code.append("// variation: every fourth bar the clap doubles and the bass opens up\n");
    code.append(
        "// arrangement: bars 1-8 drums only, 9-16 add bass, 17-32 full stack with chords\n");
    code.append(
        "// mixing: kick at 0.9, hats between 0.2 and 0.6, chords low-passed, room on claps\n");
    code.append("// performance: open the bass filter by hand and mute the hats for a bar\n");
    code.append("// before each drop; bring the chords back with a slow attack at the end\n");
    g.writeStringField("text", code.toString());
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  private static final class CountingStream extends OutputStream {
    private final OutputStream out;
    private long count;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
