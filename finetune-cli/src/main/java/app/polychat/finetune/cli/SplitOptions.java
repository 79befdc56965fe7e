package app.polychat.finetune.cli;

import picocli.CommandLine.Option;

/**
 * How {@code dataset generate} and {@code dataset import} split examples into training and
 * validation files: the training share and the seed of the shuffle.
 */
final class SplitOptions {
  @Option(
      names = "--split",
      description = "Training share (default: ${DEFAULT-VALUE}, i.e. 80/20).",
      defaultValue = "0.8")
  double split;

  @Option(
      names = "--seed",
      description = "Split seed (default: ${DEFAULT-VALUE}).",
      defaultValue = "42")
  long seed;
}
