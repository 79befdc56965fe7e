package app.polychat.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dataset generate} in a real pseudo-terminal 80 columns wide (a detached tmux session, as a
 * person's terminal would be): every line it writes fits, so redraws stay on one line instead of
 * wrapping into a line per update. Skipped, saying why, where tmux is not installed.
 */
class ProgressInTerminalTest {
  private static final int COLUMNS = 80;

  @TempDir Path dir;

  @Test
  void generate_underAnEightyColumnTerminal_neverWritesALineWiderThanIt() throws Exception {
    assumeTrue(
        onPath("tmux"), "tmux is not installed (apt-get install -y tmux): no pseudo-terminal");
    String socket = "finetune-test-" + UUID.randomUUID();
    Path raw = dir.resolve("raw.log");
    Path done = dir.resolve("exit-code");
    Path go = dir.resolve("go");
    String cli =
        ForkedCli.command(
                "dataset", "generate", "--samples", "--count", "54", "--output", "datasets/s")
            .stream()
            .map(ProgressInTerminalTest::quote)
            .collect(Collectors.joining(" "));
    // wait until the pane's output is captured, run the CLI as a person would (no CI, colours
    // allowed, width from the terminal), keep the pane a moment for capture-pane
    String script =
        "cd "
            + quote(dir.toString())
            + " && while [ ! -e go ]; do sleep 0.05; done;"
            + " env -u CI -u NO_COLOR -u COLUMNS TERM=xterm-256color "
            + cli
            + "; echo $? > exit-code; sleep 30";
    // the command line holds the whole test classpath, longer than tmux passes in one message:
    // the pane runs it from a script file
    Path runScript = dir.resolve("run.sh");
    Files.writeString(runScript, script + "\n", StandardCharsets.UTF_8);
    try {
      tmux(
          socket,
          "-f",
          "/dev/null",
          "new-session",
          "-d",
          "-x",
          "" + COLUMNS,
          "-y",
          "50",
          "-s",
          "t",
          "sh",
          runScript.toString());
      tmux(socket, "pipe-pane", "-t", "t", "-o", "cat > " + quote(raw.toString()));
      Files.createFile(go);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!Files.exists(done) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      String pane = tmux(socket, "capture-pane", "-p", "-J", "-S", "-", "-t", "t");
      assertThat(Files.exists(done))
          .as("the CLI in the tmux pane did not end within 90 s; the pane showed:%n%s", pane)
          .isTrue();
      String written = Files.readString(raw, StandardCharsets.UTF_8);

      assertThat(Files.readString(done).strip()).as(pane).isEqualTo("0");
      assertThat(pane).contains("Generated 54 examples");
      // the bar was drawn in place (a carriage return before it): the check below is not vacuous
      assertThat(written).contains("\r[");
      for (String segment : written.split("[\r\n]")) {
        String visible = segment.replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "");
        assertThat(visible.codePointCount(0, visible.length()))
            .as("written line wider than %d columns: '%s'", COLUMNS, visible)
            .isLessThanOrEqualTo(COLUMNS);
      }
      // capture-pane -J joins wrapped rows: a line that wrapped would be wider than the pane
      for (String line : pane.split("\n")) {
        assertThat(line.stripTrailing().codePointCount(0, line.stripTrailing().length()))
            .as("screen line wrapped: '%s'", line)
            .isLessThanOrEqualTo(COLUMNS);
      }
    } finally {
      tmux(socket, "kill-server");
    }
  }

  private static String tmux(String socket, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
