package app.polychat.finetune.cli;

import picocli.CommandLine.Option;

/** {@code --json}: the commands that print a result print it as JSON instead of text. */
final class JsonOption {
  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;
}
