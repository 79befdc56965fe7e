package app.polychat.finetune.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code finetune job create} command. */
@Command(
    name = "create",
    description = "Create a fine-tuning job.",
    footer = {
      "",
      "Example:",
      "  finetune job create --name strudel-nova-lite-v1 --base-model amazon.nova-lite-v1:0:300k \\",
      "      --train s3://my-bucket/strudel/.../train.jsonl --validation s3://my-bucket/strudel/.../validation.jsonl \\",
      "      --epochs 2 --learning-rate 0.00001"
    })
final class JobCreateCommand extends JobSubmission implements Callable<Integer> {
  private final Context context;

  @Option(
      names = "--base-model",
      paramLabel = "MODEL",
      description = "Foundation model to train, e.g. amazon.nova-lite-v1:0:300k (required).")
  String baseModel;

  @Option(
      names = "--epochs",
      description = "Epochs, 1-5 (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int epochs;

  @Option(
      names = "--learning-rate",
      description = "Learning rate (default: ${DEFAULT-VALUE}).",
      defaultValue = "0.00001")
  double learningRate;

  @Option(
      names = "--batch-size",
      description =
          "Batch size (default: 1 for Nova models, the only value they accept; 8 otherwise).")
  Integer batchSize;

  @Option(names = "--warmup-steps", description = "Learning-rate warmup steps, 0-100.")
  Integer warmupSteps;

  JobCreateCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Map<String, Object> required = new LinkedHashMap<>();
    required.put("--base-model=MODEL", baseModel);
    required.put("--train=URI", trainUri);
    require(required);
    return submit(
        context,
        spec -> {
          spec.baseModel(baseModel).epochs(epochs).learningRate(learningRate);
          if (batchSize != null) {
            spec.batchSize(batchSize);
          }
          if (warmupSteps != null) {
            spec.warmupSteps(warmupSteps);
          }
        },
        "Fine-tuning "
            + baseModel
            + " on "
            + trainUri
            + " ("
            + epochs
            + " epochs, learning rate "
            + new java.math.BigDecimal(Double.toString(learningRate)).toPlainString()
            + ")");
  }
}
