package app.polychat.finetune.cli;

import app.polychat.finetune.sqlite.SqliteDatabase;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code finetune db init}: create the run history database. */
@Command(
    name = "db",
    description = "Manage the local run history (SQLite).",
    subcommands = DbCommand.Init.class)
final class DbCommand {

  @Command(
      name = "init",
      description = {
        "Create the SQLite database that records runs, the generation journal, datasets and jobs.",
        "Other commands create it on first use; this one says what it did."
      },
      footer = {
        "",
        "Examples:",
        "  finetune db init",
        "  finetune db init --path ./datasets/.finetune.db --force"
      })
  static final class Init implements java.util.concurrent.Callable<Integer> {
    private final Context context;

    @Option(
        names = "--path",
        description = "Database file (default: FINETUNE_DB or ./datasets/.finetune.db).")
    Path path;

    @Option(
        names = "--force",
        description = "Re-initialize an existing database (it is backed up first).")
    boolean force;

    Init(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Path file = path != null ? context.path(path) : new Components(context).databasePath();
      SqliteDatabase.initialize(file, force, context.terminal()::println);
      return 0;
    }
  }
}
