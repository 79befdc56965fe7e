package app.polychat.finetune.strudel;

import app.polychat.finetune.check.AnswerCheck;
import app.polychat.finetune.check.CheckResult;
import app.polychat.finetune.check.CheckUnavailableException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each answer in the real Strudel engine, in a separate long-lived Node.js process that speaks
 * JSON lines (the runner script {@code strudel-runner.cjs} shipped in this jar; the engine's npm
 * packages are installed by the user, see {@link StrudelEngine}). For every answer the runner
 * transpiles the code (JavaScript syntax), evaluates it (runtime errors, unknown functions,
 * mini-notation), confirms the result is a Pattern, and queries its first {@linkplain
 * Builder#cycles cycles} one at a time until one has events: an answer with no event in them, or
 * with events that are not sounds, fails.
 *
 * <p>Failure reasons: {@code syntax}, {@code mini-notation}, {@code unknown-function}, {@code
 * runtime}, {@code not-a-pattern}, {@code no-events}, {@code no-sound}, {@code timeout}, {@code
 * crash}, {@code engine}. Each check has a {@linkplain Builder#timeout timeout}; a runner that
 * misses it (an endless loop) or dies is killed and started again for the next answer.
 *
 * <p><b>Sandbox.</b> Answers are untrusted code. The runner starts with Node's permission model
 * ({@code --experimental-permission}): it may read only the runner folder and the engine folder,
 * write only its own temporary folder, and start no child process; its environment is emptied.
 * Inside, before any answer runs, {@code fetch}, {@code WebSocket} and the real {@code process}
 * object are taken away and imports of Node's network, process, file and thread modules are
 * refused. When {@code unshare -rn} works (Linux with unprivileged user namespaces), the process
 * also runs in an empty network namespace, so it has no network at all. What this does not prevent:
 * Node 20's permission model does not cover the network, so without {@code unshare} a determined
 * answer that escapes the JavaScript-level lockdown could open sockets; the runner needs {@code
 * --allow-worker} for its module hook, so worker threads are blocked only at the JavaScript level;
 * CPU and memory are bounded only by the timeout and {@code --max-old-space-size}. Run untrusted
 * answers in a container or VM without network when that matters.
 *
 * <pre>{@code
 * try (StrudelEngineCheck check = StrudelEngineCheck.builder().build()) {
 *   CheckResult r = check.check("s(\"bd*4 [hh sd\")");
 *   r.reason();    // "mini-notation"
 *   r.message();   // "[mini] parse error at line 1: Expected ..."
 * }
 * }</pre>
 */
public final class StrudelEngineCheck implements AnswerCheck {
  private static final Logger log = LoggerFactory.getLogger(StrudelEngineCheck.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.(\\d+)");
  private static final List<String> RUNNER_FILES =
      List.of("strudel-runner.cjs", "strudel-check.cjs");
  private static final String EOF = "\u0000eof";

  private final StrudelEngine engine;
  private final String node;
  private final Duration timeout;
  private final Duration startTimeout;
  private final int cycles;
  private final boolean networkNamespace;
  private final int maxHeapMb;

  private Runner runner;
  private long nextId;
  private int restarts;
  private Path workDir;
  private String versions = "";

  private StrudelEngineCheck(Builder b) {
    this.engine = b.engine != null ? b.engine : StrudelEngine.atDefaultLocation();
    this.node = b.node;
    this.timeout = b.timeout;
    this.startTimeout = b.startTimeout;
    this.cycles = b.cycles;
    this.networkNamespace = b.networkNamespace;
    this.maxHeapMb = b.maxHeapMb;
  }

  /**
   * Starts building a check: every setting has a default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "strudel";
  }

  /**
   * How often the runner was started again after a hang or a crash.
   *
   * @return the number of restarts since this check was built, 0 when the runner never failed
   */
  public synchronized int restarts() {
    return restarts;
  }

  /** The runner process, for benchmarks (empty when it is not running). */
  synchronized java.util.Optional<ProcessHandle> runnerProcess() {
    return runner == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(runner.process.toHandle());
  }

  /**
   * The engine and Node.js versions the runner reported, once started.
   *
   * @return the versions the runner printed at start (JSON text), or an empty string before it has
   *     started
   */
  public synchronized String versions() {
    return versions;
  }

  @Override
  public synchronized void verify() {
    ensureRunning();
  }

  @Override
  public synchronized CheckResult check(String answer) {
    long start = System.nanoTime();
    ensureRunning();
    String id = "c" + (++nextId);
    ObjectNode request = JSON.createObjectNode();
    request.put("id", id);
    request.put("code", answer == null ? "" : answer);
    request.put("cycles", cycles);
    request.put("timeoutMs", timeout.toMillis());
    try {
      runner.send(JSON.writeValueAsString(request));
    } catch (IOException e) {
      String why = runner.stderrTail();
      stopRunner();
      return CheckResult.fail(
          name(),
          "crash",
          "the engine process was gone (" + why + "); it is restarted",
          since(start));
    }
    long deadline = System.nanoTime() + timeout.toNanos() + Duration.ofMillis(500).toNanos();
    while (true) {
      String line = runner.next(deadline);
      if (line == null) {
        stopRunner();
        restarts++;
        return CheckResult.fail(
            name(),
            "timeout",
            "the answer did not finish within "
                + timeout.toMillis()
                + " ms (an endless loop?); the engine was restarted",
            since(start));
      }
      if (line.equals(EOF)) {
        String why = runner.stderrTail();
        stopRunner();
        restarts++;
        return CheckResult.fail(
            name(),
            "crash",
            "the engine process exited while running the answer"
                + (why.isEmpty() ? "" : " (" + why + ")")
                + "; it was restarted",
            since(start));
      }
      JsonNode response = parse(line);
      if (response == null || !id.equals(response.path("id").asText())) {
        continue; // a stray line (an answer printing to stdout cannot happen, but be safe)
      }
      String reason = response.path("reason").asText("engine");
      String message = response.path("message").asText("");
      return response.path("ok").asBoolean(false)
          ? CheckResult.pass(name(), message, since(start))
          : CheckResult.fail(name(), reason, message, since(start));
    }
  }

  private static java.time.Duration since(long start) {
    return CheckResult.since(start);
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      return null;
    }
  }

  private void ensureRunning() {
    if (runner != null && runner.process.isAlive()) {
      return;
    }
    if (runner != null) {
      stopRunner();
    }
    if (!engine.installed()) {
      throw new CheckUnavailableException(
          "the Strudel engine is not installed in "
              + engine.dir()
              + " ("
              + String.join("; ", engine.problems())
              + "): "
              + engine.installHint());
    }
    int[] version = nodeVersion();
    try {
      if (workDir == null) {
        workDir = Files.createTempDirectory("finetune-strudel-");
        Path runnerDir = Files.createDirectories(workDir.resolve("runner"));
        Files.createDirectories(workDir.resolve("tmp"));
        for (String file : RUNNER_FILES) {
          try (InputStream in = StrudelEngine.resource(file)) {
            Files.copy(in, runnerDir.resolve(file));
          }
        }
      }
      runner = new Runner(command(version), workDir);
    } catch (IOException e) {
      throw new CheckUnavailableException(
          "the Strudel engine process could not start (" + e.getMessage() + ")", e);
    }
    String first = runner.next(System.nanoTime() + startTimeout.toNanos());
    JsonNode hello = first == null || first.equals(EOF) ? null : parse(first);
    if (hello == null || !"ready".equals(hello.path("type").asText())) {
      String why =
          hello != null && hello.has("message")
              ? hello.path("message").asText()
              : first == null
                  ? "no answer within " + startTimeout.toSeconds() + " s"
                  : runner.stderrTail();
      stopRunner();
      throw new CheckUnavailableException(
          "the Strudel engine did not start: " + why + ". " + engine.installHint());
    }
    versions = hello.path("versions").toString();
    log.debug("Strudel runner started: {}", versions);
  }

  private int[] nodeVersion() {
    String out;
    try {
      Process p = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new CheckUnavailableException(
          "Node.js was not found (\""
              + node
              + "\"): install Node.js 20.6 or newer (https://nodejs.org) and put node on the PATH,"
              + " or name it with FINETUNE_NODE / --node; then "
              + engine.installHint(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CheckUnavailableException("interrupted while starting Node.js", e);
    }
    Matcher m = NODE_VERSION.matcher(out);
    if (!m.find()) {
      throw new CheckUnavailableException(
          "\"" + node + " --version\" printed \"" + out + "\", not a Node.js version");
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    if (major < 20 || (major == 20 && minor < 6)) {
      throw new CheckUnavailableException(
          "Node.js "
              + out
              + " is too old for the Strudel check: install Node.js 20.6 or newer"
              + " (https://nodejs.org)");
    }
    return new int[] {major, minor};
  }

  List<String> command(int[] nodeVersion) {
    Path runnerDir = workDir.resolve("runner");
    Path tmp = workDir.resolve("tmp");
    List<String> command = new ArrayList<>();
    if (networkNamespace && NetworkNamespace.available()) {
      command.addAll(List.of("unshare", "-rn"));
    }
    command.add(node);
    // Node 20-22 call the permission model --experimental-permission; 23.5+ call it --permission
    boolean renamed = nodeVersion[0] > 23 || (nodeVersion[0] == 23 && nodeVersion[1] >= 5);
    command.add(renamed ? "--permission" : "--experimental-permission");
    command.add("--allow-worker"); // the module hook that stubs @kabelsalat/web runs on a worker
    command.add("--allow-fs-read=" + runnerDir);
    command.add("--allow-fs-read=" + engine.dir());
    command.add("--allow-fs-write=" + tmp);
    command.add("--max-old-space-size=" + maxHeapMb);
    command.add(runnerDir.resolve("strudel-runner.cjs").toString());
    command.add(engine.dir().toString());
    return command;
  }

  private void stopRunner() {
    if (runner != null) {
      runner.destroy();
      runner = null;
    }
  }

  @Override
  public synchronized void close() {
    stopRunner();
    if (workDir != null) {
      try (Stream<Path> files = Files.walk(workDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        log.debug("could not remove {}: {}", workDir, e.getMessage());
      }
      workDir = null;
    }
  }

  @Override
  public String toString() {
    return "StrudelEngineCheck[" + engine.dir() + ", timeout " + timeout.toMillis() + " ms]";
  }

  /** One runner process, its stdout as a queue of lines and the tail of its stderr. */
  private static final class Runner {
    final Process process;
    final BufferedWriter stdin;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final Deque<String> stderr = new ArrayDeque<>();

    Runner(List<String> command, Path workDir) throws IOException {
      ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.resolve("tmp").toFile());
      Map<String, String> env = pb.environment();
      String path = env.get("PATH");
      env.clear();
      if (path != null) {
        env.put("PATH", path);
      }
      env.put("HOME", workDir.resolve("tmp").toString());
      env.put("TMPDIR", workDir.resolve("tmp").toString());
      env.put("NODE_ENV", "production");
      process = pb.start();
      stdin =
          new BufferedWriter(
              new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
      Thread out = new Thread(() -> pump(process.getInputStream(), false), "strudel-runner-out");
      Thread err = new Thread(() -> pump(process.getErrorStream(), true), "strudel-runner-err");
      out.setDaemon(true);
      err.setDaemon(true);
      out.start();
      err.start();
    }

    private void pump(InputStream in, boolean isErr) {
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (isErr) {
            synchronized (stderr) {
              stderr.addLast(line);
              if (stderr.size() > 5) {
                stderr.removeFirst();
              }
            }
          } else {
            lines.add(line);
          }
        }
      } catch (IOException e) {
        // the process went away; EOF below says so
      }
      if (!isErr) {
        lines.add(EOF);
      }
    }

    void send(String line) throws IOException {
      stdin.write(line);
      stdin.write('\n');
      stdin.flush();
    }

    /** The next line, {@link #EOF} when the process ended, or null at the deadline. */
    String next(long deadlineNanos) {
      try {
        long wait = deadlineNanos - System.nanoTime();
        return wait <= 0 ? lines.poll() : lines.poll(wait, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    String stderrTail() {
      synchronized (stderr) {
        return String.join(" | ", stderr);
      }
    }

    void destroy() {
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Builds a {@link StrudelEngineCheck}. */
  public static final class Builder {
    private StrudelEngine engine;
    private String node = defaultNode();
    private Duration timeout = Duration.ofSeconds(5);
    private Duration startTimeout = Duration.ofSeconds(60);
    private int cycles = 4;
    private boolean networkNamespace = true;
    private int maxHeapMb = 512;

    private Builder() {}

    private static String defaultNode() {
      String env = System.getenv("FINETUNE_NODE");
      return env == null || env.isBlank() ? "node" : env;
    }

    /**
     * Where the engine packages are (default {@link StrudelEngine#atDefaultLocation()}).
     *
     * @param engine the folder holding the pinned engine packages
     * @return this builder
     */
    public Builder engine(StrudelEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /**
     * The Node.js executable (default {@code FINETUNE_NODE}, else {@code node} on the PATH).
     *
     * @param node the command or path of the Node.js executable
     * @return this builder
     */
    public Builder node(String node) {
      this.node = Objects.requireNonNull(node, "node");
      return this;
    }

    /**
     * How long one answer may run (default 5 s); a runner that misses it is restarted.
     *
     * @param timeout the time limit for one answer, positive
     * @return this builder
     * @throws IllegalArgumentException when the timeout is zero or negative
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * How long the runner may take to load the engine (default 60 s).
     *
     * @param startTimeout the time limit for the runner's start
     * @return this builder
     */
    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
      return this;
    }

    /**
     * How many cycles are searched for events, one at a time, stopping at the first cycle that has
     * some (default 4, 1-64).
     *
     * @param cycles the most cycles searched, 1 to 64
     * @return this builder
     * @throws IllegalArgumentException when {@code cycles} is outside 1-64
     */
    public Builder cycles(int cycles) {
      if (cycles < 1 || cycles > 64) {
        throw new IllegalArgumentException("cycles must be 1-64, was " + cycles);
      }
      this.cycles = cycles;
      return this;
    }

    /**
     * Whether to run the runner in an empty network namespace with {@code unshare -rn} when the
     * system allows it (default true; ignored where it does not work).
     *
     * @param networkNamespace false to run the runner with the network the JVM has
     * @return this builder
     */
    public Builder networkNamespace(boolean networkNamespace) {
      this.networkNamespace = networkNamespace;
      return this;
    }

    /**
     * The runner's V8 heap limit in MB (default 512).
     *
     * @param maxHeapMb the heap limit in megabytes, at least 64
     * @return this builder
     * @throws IllegalArgumentException when {@code maxHeapMb} is below 64
     */
    public Builder maxHeapMb(int maxHeapMb) {
      if (maxHeapMb < 64) {
        throw new IllegalArgumentException("maxHeapMb must be >= 64, was " + maxHeapMb);
      }
      this.maxHeapMb = maxHeapMb;
      return this;
    }

    /**
     * Builds the check; the runner starts on the first answer (or on {@code prepare()}), not here.
     *
     * @return the check, which the caller closes to stop the runner
     */
    public StrudelEngineCheck build() {
      return new StrudelEngineCheck(this);
    }
  }
}
