package app.polychat.finetune.cli;

import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.support.Secrets;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code finetune} command line: thin parsing and printing over the library. Exit codes: 0 ok,
 * 1 failure, 2 usage error, 3 dataset short (generation left requests without an answer).
 */
@Command(
    name = "finetune",
    mixinStandardHelpOptions = true,
    versionProvider = FinetuneCli.Version.class,
    description =
        "Build fine-tuned Amazon Nova models on Amazon Bedrock from teacher-generated datasets.",
    subcommands = {
      DbCommand.class,
      DatasetCommand.class,
      JobCommand.class,
      ModelCommand.class,
      CostCommand.class,
      PipelineCommand.class,
      ConfigCommand.class,
      ReportCommand.class,
      LineageCommand.class,
      GraderCommand.class,
      StrudelCommand.class,
      CommandLine.HelpCommand.class,
      AutoComplete.GenerateCompletion.class,
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:failure",
      "2:usage error",
      "3:dataset short (dataset generate, pipeline run): requests are missing, nothing was written;"
          + " the message gives the command that completes it"
    },
    footer = {
      "",
      "Settings come from flags, then the environment, then .env in the working folder, then defaults.",
      "Start with: finetune pipeline run   (no account needed: local files and a dry run)"
    })
public final class FinetuneCli implements Runnable {
  private final Context context;

  @Option(
      names = "--verbose",
      description =
          "Print stack traces of errors (secrets scrubbed from every cause) and the libraries'"
              + " log lines (level info).",
      scope = CommandLine.ScopeType.INHERIT)
  void verbose(boolean verbose) {
    context.verbose(verbose);
  }

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description =
          "Show the libraries' log lines from this level: trace, debug, info, warn, error.",
      scope = CommandLine.ScopeType.INHERIT)
  void logLevel(String level) {
    if (!LogLevel.valid(level)) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--log-level must be one of trace, debug, info, warn, error, off; was '" + level + "'");
    }
  }

  @Option(
      names = "--env-file",
      paramLabel = "FILE",
      description = "Read settings from this file instead of ./.env.")
  void envFile(Path file) {
    context.envFile(file);
  }

  FinetuneCli(Context context) {
    this.context = context;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(context.out());
  }

  /**
   * The {@code finetune} command: runs the command line with the process's environment, folder and
   * terminal, then exits with its exit code.
   *
   * @param args the command line, such as {@code pipeline run --count 10}
   */
  public static void main(String[] args) {
    // before any library creates a logger: slf4j-simple reads its level once
    LogLevel.configure(args);
    boolean tty = System.console() != null;
    TerminalWidth live = tty ? TerminalWidth.detect(System.getenv()) : null;
    int code;
    try {
      code =
          run(
              args,
              System.getenv(),
              Path.of("").toAbsolutePath(),
              new PrintWriter(System.out, true),
              new PrintWriter(System.err, true),
              tty,
              live != null ? live : TerminalWidth.fixed(System.getenv()));
    } finally {
      if (live != null) {
        live.close();
      }
    }
    System.exit(code);
  }

  /**
   * Runs one command line; the entry point of tests as well.
   *
   * @param args the command line, without the program name
   * @param env the environment variables to read settings and credentials from
   * @param workDir the folder relative paths are resolved against
   * @param out where results go
   * @param err where progress, warnings and errors go
   * @param tty whether a person is at a terminal (progress is redrawn, confirmations are asked)
   * @return the exit code: 0 on success, non-zero as the README's exit codes say
   */
  public static int run(
      String[] args,
      Map<String, String> env,
      Path workDir,
      PrintWriter out,
      PrintWriter err,
      boolean tty) {
    return run(args, env, workDir, out, err, tty, TerminalWidth.fixed(env));
  }

  /**
   * Runs one command line for a terminal {@code width} columns wide (help and progress fit it).
   *
   * @param args the command line, without the program name
   * @param env the environment variables to read settings and credentials from
   * @param workDir the folder relative paths are resolved against
   * @param out where results go
   * @param err where progress, warnings and errors go
   * @param tty whether a person is at a terminal (progress is redrawn, confirmations are asked)
   * @param width the terminal's width in columns, asked again when it may have changed
   * @return the exit code: 0 on success, non-zero as the README's exit codes say
   */
  public static int run(
      String[] args,
      Map<String, String> env,
      Path workDir,
      PrintWriter out,
      PrintWriter err,
      boolean tty,
      java.util.function.IntSupplier width) {
    Context context = new Context(env, workDir, out, err, tty, width);
    CommandLine cli = new CommandLine(FinetuneCli.class, new Factory(context));
    withHelpEverywhere(cli);
    HelpLayout.apply(cli, width.getAsInt());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, context, err));
    return cli.execute(args);
  }

  /**
   * Prints a failed command's error in one line, and with {@code --verbose} its stack trace, with
   * secrets scrubbed from both: the values of every secret setting and anything that looks like a
   * key, in the messages of the exception, of every cause and of every suppressed exception.
   *
   * @return the exit code, 1
   */
  static int report(Exception e, Context context, PrintWriter err) {
    java.util.Set<String> secrets = context.settings().secretValues();
    boolean expected =
        e instanceof FineTuneException
            || e instanceof IllegalArgumentException
            || e instanceof java.io.UncheckedIOException;
    err.println("error: " + Secrets.redactText(expected ? e.getMessage() : e.toString(), secrets));
    if (context.verbose()) {
      err.print(Secrets.redactedStackTrace(e, secrets));
    } else {
      err.println("(run with --verbose for details)");
    }
    err.flush();
    return 1;
  }

  /** {@code -h/--help} (and {@code -V/--version}) on every command and subcommand. */
  private static void withHelpEverywhere(CommandLine command) {
    command.getCommandSpec().mixinStandardHelpOptions(true);
    command.getSubcommands().values().forEach(FinetuneCli::withHelpEverywhere);
  }

  /** Builds commands with the shared context. */
  private static final class Factory implements CommandLine.IFactory {
    private final Context context;

    Factory(Context context) {
      this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (constructor.getParameterCount() == 1
            && constructor.getParameterTypes()[0] == Context.class) {
          constructor.setAccessible(true);
          return type.cast(constructor.newInstance(context));
        }
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  /** {@code --version}: the version in the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = FinetuneCli.class.getPackage().getImplementationVersion();
      return new String[] {
        "finetune " + (version == null ? "development build" : version),
        "Java " + System.getProperty("java.version")
      };
    }
  }
}
