package app.polychat.finetune.cli;

import app.polychat.finetune.check.CheckResult;
import app.polychat.finetune.strudel.StrudelEngine;
import app.polychat.finetune.strudel.StrudelEngineCheck;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code finetune strudel ...}: install and inspect the Strudel engine the answer check runs. */
@Command(
    name = "strudel",
    description = "Install and inspect the Strudel engine that --check strudel runs answers in.",
    subcommands = {StrudelCommand.Setup.class, StrudelCommand.Status.class})
final class StrudelCommand {

  @Command(
      name = "setup",
      description = {
        "Install the Strudel engine (@strudel/core, mini, tonal, transpiler, pinned versions) with"
            + " npm into a folder you own. The packages are AGPL-3.0 and never shipped with"
            + " finetune. Needs Node.js 20.6+ and npm."
      },
      footer = {
        "",
        "Examples:",
        "  finetune strudel setup",
        "  finetune strudel setup --dir /opt/strudel-engine   # then FINETUNE_STRUDEL_ENGINE=/opt/strudel-engine"
      })
  static final class Setup implements Callable<Integer> {
    private final Context context;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description =
            "Install here (default: FINETUNE_STRUDEL_ENGINE, else ~/.cache/finetune/strudel-engine).")
    Path dir;

    @picocli.CommandLine.Mixin NpmOption npm = new NpmOption();

    Setup(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Terminal t = context.terminal();
      StrudelEngine engine = CheckOptions.engine(context, dir);
      t.println("Installing the Strudel engine into " + engine.dir() + " ...");
      engine.install(npm.command, line -> context.err().println("  npm: " + line));
      t.println(t.green("Installed") + ": " + String.join(", ", pins()));
      try (StrudelEngineCheck check = StrudelEngineCheck.builder().engine(engine).build()) {
        CheckResult r = check.check("s(\"bd sd\")");
        t.println(
            "Engine check of s(\"bd sd\"): " + r.describe() + " (Node " + check.versions() + ")");
        return r.passed() ? 0 : 1;
      }
    }
  }

  @Command(
      name = "status",
      description = "Where the engine is, whether it is installed, and a test run of one answer.")
  static final class Status implements Callable<Integer> {
    private final Context context;

    @Option(names = "--engine", paramLabel = "DIR", description = "Engine folder to look at.")
    Path dir;

    Status(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Terminal t = context.terminal();
      StrudelEngine engine = CheckOptions.engine(context, dir);
      t.println("Engine folder: " + engine.dir());
      if (!engine.installed()) {
        t.println("Not installed: " + String.join("; ", engine.problems()));
        t.println("To install: " + engine.installHint());
        return 1;
      }
      t.println("Installed: " + String.join(", ", pins()));
      try (StrudelEngineCheck check = StrudelEngineCheck.builder().engine(engine).build()) {
        CheckResult r = check.check("s(\"bd sd\")");
        t.println("Runner: " + check.versions());
        t.println("Test answer s(\"bd sd\"): " + r.describe());
        return r.passed() ? 0 : 1;
      }
    }
  }

  private static java.util.List<String> pins() {
    return StrudelEngine.PACKAGES.entrySet().stream()
        .map(e -> e.getKey() + "@" + e.getValue())
        .toList();
  }
}
