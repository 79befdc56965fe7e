package app.polychat.finetune.strudel;

import app.polychat.finetune.check.CheckResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks per second through one {@link StrudelEngineCheck} (one runner process), for typical
 * answers: the 54 answers of the pack's sample set (a third each simple, medium, complex), in turn.
 * Prints wall-clock throughput, the runner's CPU time per check (which does not depend on what else
 * the machine runs) and the load average, for 1, 2 and 4 queried cycles.
 *
 * <pre>
 * mvn -q -o -pl finetune-strudel -am test-compile -Dspotless.check.skip=true
 * java -cp "finetune-strudel/target/test-classes:finetune-strudel/target/classes:$(...classpath)" \
 *     app.polychat.finetune.strudel.StrudelCheckBenchmark 2000
 * </pre>
 *
 * Needs Node.js and the engine ({@code FINETUNE_STRUDEL_ENGINE} or target/strudel-engine).
 */
public final class StrudelCheckBenchmark {
  private StrudelCheckBenchmark() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    List<String> answers = samples();
    StrudelEngine engine = TestEngine.find();
    System.out.printf(
        Locale.ROOT,
        "%d checks of %d sample answers, engine %s, %d CPUs%n",
        n,
        answers.size(),
        engine.dir(),
        Runtime.getRuntime().availableProcessors());
    for (int cycles : new int[] {4, 2, 1}) {
      try (StrudelEngineCheck check =
          StrudelEngineCheck.builder()
              .engine(engine)
              .cycles(cycles)
              .timeout(Duration.ofSeconds(10))
              .build()) {
        for (int i = 0; i < 300; i++) { // warm-up: the runner's JIT
          check.check(answers.get(i % answers.size()));
        }
        ProcessHandle runner = check.runnerProcess().orElseThrow();
        Duration cpuBefore = runner.info().totalCpuDuration().orElse(Duration.ZERO);
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long start = System.nanoTime();
        int failed = 0;
        for (int i = 0; i < n; i++) {
          CheckResult r = check.check(answers.get(i % answers.size()));
          if (!r.passed()) {
            failed++;
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Duration cpu = runner.info().totalCpuDuration().orElse(Duration.ZERO).minus(cpuBefore);
        double cpuMsPerCheck = cpu.toNanos() / 1e6 / n;
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(
            Locale.ROOT,
            "cycles %d: %.1f checks/s wall (%.2f ms each), runner CPU %.2f ms/check (= %.0f checks/s"
                + " on one free core), %d failed, load average %.1f -> %.1f%n",
            cycles,
            n / seconds,
            seconds * 1000 / n,
            cpuMsPerCheck,
            1000 / cpuMsPerCheck,
            failed,
            loadBefore,
            loadAfter);
      }
    }
  }

  private static List<String> samples() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> answers = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(StrudelPack.openSamples(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        answers.add(json.readTree(line).path("completion").asText());
      }
    }
    return answers;
  }
}
