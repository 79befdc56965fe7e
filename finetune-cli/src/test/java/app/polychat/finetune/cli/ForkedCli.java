package app.polychat.finetune.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI's real {@code main} in a separate JVM (this test run's Java and class path), as the
 * {@code ./finetune} launcher does: what a person sees, log lines and exit code included.
 */
final class ForkedCli {
  private ForkedCli() {}

  /** The command that starts the CLI: java, class path, main class. */
  static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(FinetuneCli.class.getName());
    command.addAll(List.of(args));
    return command;
  }

  /** Runs one command line in {@code dir} with standard output and error merged. */
  static Result run(Path dir, String... args) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command(args)).directory(dir.toFile());
    builder.redirectErrorStream(true);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Map<String, String> env = builder.environment();
    env.remove("API_URL");
    env.remove("BEDROCK_TRAINING_BUCKET");
    env.remove("BEDROCK_ROLE_ARN");
    env.remove("BEDROCK_OUTPUT_BUCKET");
    env.put("AWS_REGION", "us-east-1");
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("the CLI did not end: " + String.join(" ", args));
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  record Result(int exitCode, String output) {}
}
