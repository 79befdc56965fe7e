package app.polychat.finetune.cli;

import app.polychat.finetune.TrainSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code finetune job rft} command. */
@Command(
    name = "rft",
    description = {
      "Create a reinforcement fine-tuning job (Nova 2 Lite): the model answers the training"
          + " prompts and the grader Lambda function rewards each answer.",
      "The training file must be in the bedrock-rft format (finetune dataset convert --to rft)."
          + " Hyperparameters left unset are Bedrock's defaults (not published); ranges are the"
          + " API model's and are checked before anything is sent."
    },
    footer = {
      "",
      "Example:",
      "  finetune job rft --name strudel-rft-v1 --train-uri s3://my-bucket/strudel/.../train-rft.jsonl \\",
      "      --grader-lambda-arn arn:aws:lambda:us-east-1:123456789012:function:finetune-strudel-grader \\",
      "      --epochs 2 --batch-size 64 --samples-per-prompt 4 --reasoning-effort low"
    })
final class JobRftCommand extends JobSubmission implements Callable<Integer> {
  private final Context context;

  @Option(
      names = "--grader-lambda-arn",
      required = true,
      paramLabel = "ARN",
      description = "The grader Lambda function (finetune grader package builds one).")
  String graderLambdaArn;

  @Option(
      names = "--base-model",
      description = "Base model (default: ${DEFAULT-VALUE}, the only one Bedrock tunes by RFT).",
      defaultValue = TrainSpec.RFT_BASE_MODEL)
  String baseModel;

  @Option(names = "--epochs", description = "epochCount, 1-50.")
  Integer epochs;

  @Option(names = "--batch-size", description = "batchSize (prompts per step), 16-512.")
  Integer batchSize;

  @Option(names = "--learning-rate", description = "learningRate, 0.0000001-0.001.")
  Double learningRate;

  @Option(
      names = "--samples-per-prompt",
      description = "trainingSamplePerPrompt (answers graded per prompt), 2-16.")
  Integer samplesPerPrompt;

  @Option(names = "--max-prompt-length", description = "maxPromptLength in tokens.")
  Integer maxPromptLength;

  @Option(
      names = "--inference-max-tokens",
      description = "inferenceMaxTokens: longest answer in tokens during training.")
  Integer inferenceMaxTokens;

  @Option(names = "--reasoning-effort", description = "reasoningEffort: low, medium or high.")
  String reasoningEffort;

  @Option(names = "--eval-interval", description = "evalInterval in training steps, 1-100.")
  Integer evalInterval;

  JobRftCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    var effort =
        reasoningEffort == null
            ? null
            : app.polychat.finetune.job.ReasoningEffort.parse(reasoningEffort);
    if (valUri != null) {
      context
          .terminal()
          .println(
              "Note: reinforcement fine-tuning takes no validation set; --val-uri is not sent.");
    }
    return submit(
        context,
        spec ->
            spec.baseModel(baseModel)
                .reinforcement(
                    r ->
                        r.graderLambdaArn(graderLambdaArn)
                            .epochCount(epochs)
                            .batchSize(batchSize)
                            .learningRate(learningRate)
                            .trainingSamplePerPrompt(samplesPerPrompt)
                            .maxPromptLength(maxPromptLength)
                            .inferenceMaxTokens(inferenceMaxTokens)
                            .reasoningEffort(effort)
                            .evalInterval(evalInterval)),
        "Reinforcement fine-tuning "
            + baseModel
            + " on "
            + trainUri
            + ", graded by "
            + graderLambdaArn);
  }
}
