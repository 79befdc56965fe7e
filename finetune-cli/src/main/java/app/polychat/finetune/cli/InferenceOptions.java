package app.polychat.finetune.cli;

import picocli.CommandLine.Option;

/** How {@code model test} and {@code model compare} ask a model: temperature and answer length. */
final class InferenceOptions {
  @Option(names = "--temperature", description = "0 to 1 (default: the model's own).")
  Double temperature;

  @Option(
      names = "--max-tokens",
      description = "Longest answer in tokens (default: ${DEFAULT-VALUE}).",
      defaultValue = "2000")
  int maxTokens;
}
