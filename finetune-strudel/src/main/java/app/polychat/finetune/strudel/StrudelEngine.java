package app.polychat.finetune.strudel;

import app.polychat.finetune.support.FineTuneException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the Strudel engine's npm packages live on this machine, and how to install them. The
 * packages ({@code @strudel/core}, {@code @strudel/mini}, {@code @strudel/tonal}, {@code
 * @strudel/transpiler}) are AGPL-3.0: finetune never ships them; {@link #install} runs npm to put
 * the {@linkplain #PACKAGES pinned versions} into a folder the user owns.
 *
 * <p>The folder is, in order: the {@code FINETUNE_STRUDEL_ENGINE} environment variable, the {@code
 * finetune.strudel.engine} system property, else {@code $XDG_CACHE_HOME/finetune/strudel-engine}
 * ({@code ~/.cache/finetune/strudel-engine}).
 *
 * <pre>{@code
 * StrudelEngine engine = StrudelEngine.atDefaultLocation();
 * if (!engine.installed()) {
 *   engine.install("npm", System.out::println);
 * }
 * }</pre>
 */
public final class StrudelEngine {
  /** The npm packages and their exact versions. */
  public static final Map<String, String> PACKAGES = pinned();

  /** Environment variable naming the engine folder. */
  public static final String ENV = "FINETUNE_STRUDEL_ENGINE";

  /** System property naming the engine folder (after the environment variable). */
  public static final String PROPERTY = "finetune.strudel.engine";

  static final String RESOURCES = "/app/polychat/finetune/strudel/runner/";
  private static final Pattern VERSION_FIELD = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

  private final Path dir;

  private StrudelEngine(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  /** The dependencies of the runner's package.json (the one place the versions are written). */
  private static Map<String, String> pinned() {
    try (InputStream in = resource("package.json")) {
      Map<String, String> pins = new java.util.TreeMap<>();
      new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(in)
          .path("dependencies")
          .properties()
          .forEach(e -> pins.put(e.getKey(), e.getValue().asText()));
      return java.util.Collections.unmodifiableMap(pins);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The engine in this folder (installed or not).
   *
   * @param dir the folder that holds (or will hold) {@code node_modules}
   * @return the engine in that folder; nothing is checked yet
   */
  public static StrudelEngine at(Path dir) {
    return new StrudelEngine(Objects.requireNonNull(dir, "dir"));
  }

  /**
   * The engine in the default folder (see the class description).
   *
   * @return the engine in {@link #defaultDir()}
   */
  public static StrudelEngine atDefaultLocation() {
    return at(defaultDir());
  }

  /**
   * The default engine folder (see the class description).
   *
   * @return the folder named by {@link #ENV}, else by the system property {@link #PROPERTY}, else
   *     {@code finetune/strudel-engine} under {@code $XDG_CACHE_HOME} or {@code ~/.cache}
   */
  public static Path defaultDir() {
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String cache = System.getenv("XDG_CACHE_HOME");
    Path base =
        cache != null && !cache.isBlank()
            ? Path.of(cache)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("finetune").resolve("strudel-engine");
  }

  /**
   * The folder holding {@code node_modules}.
   *
   * @return the engine folder, as given
   */
  public Path dir() {
    return dir;
  }

  /**
   * Whether every package is installed here at its pinned version.
   *
   * @return true when every pinned package is present at its pinned version
   */
  public boolean installed() {
    return problems().isEmpty();
  }

  /**
   * What is missing or at another version; empty when {@link #installed()}.
   *
   * @return one line per package that is missing or at another version than the pinned one
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> p : PACKAGES.entrySet()) {
      Path pkg = dir.resolve("node_modules").resolve(p.getKey()).resolve("package.json");
      if (!Files.isRegularFile(pkg)) {
        problems.add(p.getKey() + " is not installed");
        continue;
      }
      String version = installedVersion(pkg);
      if (!p.getValue().equals(version)) {
        problems.add(p.getKey() + " is " + version + ", needs " + p.getValue());
      }
    }
    return problems;
  }

  private static String installedVersion(Path packageJson) {
    try {
      Matcher m = VERSION_FIELD.matcher(Files.readString(packageJson));
      return m.find() ? m.group(1) : "unknown";
    } catch (IOException e) {
      return "unreadable (" + e.getMessage() + ")";
    }
  }

  /**
   * What to run to install the engine here, for messages.
   *
   * @return the command that installs the pinned packages into this folder
   */
  public String installHint() {
    StringBuilder npm = new StringBuilder("npm install --prefix ").append(dir);
    PACKAGES.forEach((k, v) -> npm.append(' ').append(k).append('@').append(v));
    return "run \"finetune strudel setup\" (needs Node.js 20.6+ and npm), or: " + npm;
  }

  /**
   * Installs the pinned packages into {@link #dir()} with {@code npm ci} (install scripts
   * disabled): writes the folder's {@code package.json} and {@code package-lock.json} first, so the
   * folder holds exactly the tree the check was tested with.
   *
   * @param npm the npm command ({@code npm}, or a path)
   * @param output receives npm's output, line by line
   * @throws FineTuneException when npm is missing or fails, with its last lines
   */
  public void install(String npm, Consumer<String> output) {
    Objects.requireNonNull(npm, "npm");
    Objects.requireNonNull(output, "output");
    try {
      Files.createDirectories(dir);
      for (String file : List.of("package.json", "package-lock.json")) {
        try (InputStream in = resource(file)) {
          Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new FineTuneException("cannot write " + dir + ": " + e.getMessage(), e);
    }
    // npm ci installs exactly the lock file's tree (the engine's dependencies pinned too)
    List<String> command =
        List.of(
            npm,
            "ci",
            "--prefix",
            dir.toString(),
            "--no-audit",
            "--no-fund",
            "--ignore-scripts",
            "--omit=dev");
    List<String> tail = new ArrayList<>();
    int exit;
    try {
      Process process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.accept(line);
          tail.add(line);
          if (tail.size() > 10) {
            tail.remove(0);
          }
        }
      }
      exit = process.waitFor();
    } catch (IOException e) {
      throw new FineTuneException(
          "npm was not found ("
              + npm
              + "): install Node.js 20.6 or newer with npm (https://nodejs.org), then run this again",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FineTuneException("interrupted while npm was installing the Strudel engine", e);
    }
    if (exit != 0) {
      throw new FineTuneException("npm ci failed (exit " + exit + "): " + String.join(" | ", tail));
    }
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      throw new FineTuneException(
          "npm finished but the engine is incomplete in "
              + dir
              + ": "
              + String.join("; ", problems));
    }
  }

  static InputStream resource(String name) {
    InputStream in = StrudelEngine.class.getResourceAsStream(RESOURCES + name);
    if (in == null) {
      throw new UncheckedIOException(
          new IOException("resource " + RESOURCES + name + " is missing from finetune-strudel"));
    }
    return in;
  }

  @Override
  public String toString() {
    return "StrudelEngine[" + dir + (installed() ? "" : ", not installed") + "]";
  }
}
