package app.polychat.finetune.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process in a working folder with a chosen environment, capturing its output. */
final class CliRunner {
  final Path workDir;
  final Map<String, String> env = new HashMap<>();

  CliRunner(Path workDir) {
    this.workDir = workDir;
    env.put("NO_COLOR", "1");
  }

  CliRunner env(String name, String value) {
    env.put(name, value);
    return this;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        FinetuneCli.run(
            args, env, workDir, new PrintWriter(out, true), new PrintWriter(err, true), false);
    return new Result(code, out.toString(), err.toString());
  }

  record Result(int exitCode, String out, String err) {}
}
