package app.polychat.finetune.strudel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Strudel engine installed for tests: {@code FINETUNE_STRUDEL_ENGINE}, the {@code
 * finetune.strudel.engine} property, or {@code target/strudel-engine} at the repository root (where
 * {@code .ci/run} installs it). Tests that need it are skipped, with the reason, when Node.js or
 * the packages are missing.
 */
public final class TestEngine {
  private TestEngine() {}

  /** The engine, or skips the calling test saying what is missing. */
  public static StrudelEngine requireInstalled() {
    assumeTrue(
        nodeWorks(),
        "Node.js 20.6+ is not on the PATH: the tests that run the Strudel engine are skipped");
    StrudelEngine engine = find();
    assumeTrue(
        engine.installed(),
        "the Strudel engine is not installed for tests ("
            + String.join("; ", engine.problems())
            + "): .ci/run installs it into target/strudel-engine, or "
            + engine.installHint());
    return engine;
  }

  /** Where the engine is looked for (installed or not). */
  public static StrudelEngine find() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv(StrudelEngine.ENV);
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    String property = System.getProperty(StrudelEngine.PROPERTY);
    if (property != null && !property.isBlank()) {
      candidates.add(Path.of(property));
    }
    candidates.add(Path.of("..", "target", "strudel-engine"));
    candidates.add(Path.of("target", "strudel-engine"));
    for (Path p : candidates) {
      if (Files.isDirectory(p.resolve("node_modules"))) {
        return StrudelEngine.at(p);
      }
    }
    return StrudelEngine.at(candidates.get(0));
  }

  static boolean nodeWorks() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      return p.waitFor(10, TimeUnit.SECONDS)
          && p.exitValue() == 0
          && out.matches("v(2\\d|[3-9]\\d).*");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
