package app.polychat.finetune.examples.cli;

import app.polychat.finetune.internal.Secrets;
import picocli.CommandLine.Command;

/**
 * {@code finetune config show}: the effective settings, secrets masked; the AWS access key id as
 * {@code aws configure list} shows it (its last 4 characters).
 */
@Command(
    name = "config",
    description = "Show the effective settings.",
    subcommands = ConfigCommand.Show.class)
final class ConfigCommand implements Runnable {
  private final Context context;

  ConfigCommand(Context context) {
    this.context = context;
  }

  @Override
  public void run() {
    new Show(context).run();
  }

  @Command(
      name = "show",
      description = "Print the effective settings with secrets masked, and where each came from.")
  static final class Show implements Runnable {
    private final Context context;

    Show(Context context) {
      this.context = context;
    }

    @Override
    public void run() {
      Settings settings = context.settings();
      settings
          .known()
          .forEach(
              (name, value) -> {
                String shown =
                    value.isEmpty()
                        ? "(unset)"
                        : name.equals("AWS_ACCESS_KEY_ID")
                            ? Secrets.maskKeyId(value)
                            : Secrets.isSecretName(name) ? Secrets.mask(value) : value;
                context.out().printf("%-28s %-40s %s%n", name, shown, settings.origin(name));
              });
      context.out().flush();
    }
  }
}
