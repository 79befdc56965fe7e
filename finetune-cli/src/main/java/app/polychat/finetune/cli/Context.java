package app.polychat.finetune.cli;

import app.polychat.finetune.bedrock.aws.AwsSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntSupplier;

/** What every command gets: settings, where to print, the working folder and the environment. */
final class Context {
  private final Map<String, String> environment;
  private final Path workDir;
  private final Terminal terminal;
  private final PrintWriter err;
  private Settings settings;
  private AwsSettings aws;
  private boolean verbose;
  private final boolean interactive;
  private final IntSupplier width;

  Context(
      Map<String, String> environment,
      Path workDir,
      PrintWriter out,
      PrintWriter err,
      boolean tty) {
    this(environment, workDir, out, err, tty, TerminalWidth.fixed(environment));
  }

  Context(
      Map<String, String> environment,
      Path workDir,
      PrintWriter out,
      PrintWriter err,
      boolean tty,
      IntSupplier width) {
    this.width = width;
    this.environment = Map.copyOf(environment);
    this.workDir = workDir;
    this.terminal = new Terminal(out, environment, tty, width);
    this.interactive = tty;
    this.err = err;
    this.settings = new Settings(environment, workDir.resolve(".env"));
  }

  Settings settings() {
    return settings;
  }

  /**
   * The one AWS settings object every AWS component of this command takes, read once from the
   * settings (the environment merged with {@code .env}).
   */
  AwsSettings aws() {
    if (aws == null) {
      aws = AwsSettings.fromEnvironment(settings.asEnvironment());
    }
    return aws;
  }

  void envFile(Path file) {
    Path resolved = workDir.resolve(file);
    if (!java.nio.file.Files.isRegularFile(resolved)) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(new Object()), "--env-file: no such file: " + resolved);
    }
    this.settings = new Settings(environment, resolved);
    this.aws = null;
  }

  Map<String, String> environment() {
    return environment;
  }

  Path workDir() {
    return workDir;
  }

  /** A path given by the user, relative to the working folder. */
  Path path(Path given) {
    return workDir.resolve(given).normalize();
  }

  Terminal terminal() {
    return terminal;
  }

  PrintWriter out() {
    return terminal.out();
  }

  PrintWriter err() {
    return err;
  }

  /** Whether a person is at a terminal (questions may be asked). */
  boolean interactive() {
    return interactive;
  }

  /** The terminal's width in columns (80 when there is no terminal and no {@code COLUMNS}). */
  IntSupplier width() {
    return width;
  }

  boolean verbose() {
    return verbose;
  }

  void verbose(boolean verbose) {
    this.verbose = verbose;
  }
}
