package app.polychat.finetune.cli;

import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.validate.ModelRules;
import picocli.CommandLine.Option;

/**
 * {@code --base-model MODEL} of the commands that check or price a dataset for a model, with its
 * old name {@code --model} kept hidden so existing scripts work.
 */
final class BaseModelOption {
  @Option(
      names = "--base-model",
      paramLabel = "MODEL",
      description =
          "Model to train, id or alias: nova-micro, nova-lite, nova-pro, nova-2-lite (default:"
              + " nova-lite; nova-2-lite with --method rft).")
  String model;

  /** The name before --base-model; kept so existing scripts work. */
  @Option(names = "--model", hidden = true)
  void modelAlias(String value) {
    model = value;
  }

  /**
   * The model given, else the default for the method: nova-2-lite for reinforcement fine-tuning,
   * nova-lite otherwise (and when no method is given).
   */
  String resolve(String method) {
    if (model != null) {
      return model;
    }
    return method != null
            && ModelRules.parseMethod(method) == CustomizationType.REINFORCEMENT_FINE_TUNING
        ? "nova-2-lite"
        : "nova-lite";
  }
}
