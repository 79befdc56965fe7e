package app.polychat.finetune.cli;

import static app.polychat.finetune.cli.ModelCommand.CLOCK;
import static app.polychat.finetune.cli.ModelCommand.confirm;

import app.polychat.finetune.bedrock.serving.Commitment;
import app.polychat.finetune.bedrock.serving.Deployment;
import app.polychat.finetune.bedrock.serving.DeploymentDeclinedException;
import app.polychat.finetune.bedrock.serving.DeploymentKind;
import app.polychat.finetune.bedrock.serving.DeploymentRequest;
import app.polychat.finetune.bedrock.serving.DeploymentState;
import app.polychat.finetune.bedrock.serving.ModelDeployments;
import app.polychat.finetune.support.FineTuneException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code finetune model deploy} command. */
@Command(
    name = "deploy",
    description = {
      "Deploy a custom model for inference: on demand (billed per token, no hourly charge) unless"
          + " --provisioned asks for provisioned throughput (billed every hour until deleted)."
          + " Shows the cost and asks before creating anything."
    },
    footer = {
      "",
      "Examples:",
      "  finetune model deploy arn:aws:bedrock:us-east-1:123456789012:custom-model/...",
      "  finetune model deploy <model-arn> --provisioned --units 1          # no commitment",
      "  finetune model deploy <model-arn> --provisioned --units 1 --commitment 1m --yes"
    })
final class ModelDeployCommand implements Callable<Integer> {
  private final Context context;

  @Parameters(paramLabel = "MODEL_ARN", description = "The custom model's ARN.")
  String modelArn;

  @Option(names = "--name", description = "Deployment name (default: the model's name).")
  String name;

  @Option(names = "--description", description = "Description (on-demand deployments).")
  String description;

  @Option(
      names = "--provisioned",
      description = "Buy provisioned throughput instead of an on-demand deployment.")
  boolean provisioned;

  @Option(
      names = "--units",
      description = "Model units of provisioned throughput (default: 1).",
      paramLabel = "N")
  Integer units;

  @Option(
      names = "--commitment",
      description = "Provisioned term: none (default), 1m or 6m. A term cannot be ended early.",
      paramLabel = "TERM")
  String commitment;

  @Option(
      names = "--quota-increased",
      description =
          "The account's Provisioned Throughput quotas were raised: do not check the default"
              + " ones (1 model unit and 2 throughputs without commitment, 0 units committed).")
  boolean quotaIncreased;

  @picocli.CommandLine.Mixin YesOption consent = new YesOption();

  @Option(names = "--no-wait", description = "Return once Bedrock accepted the request.")
  boolean noWait;

  @Option(
      names = "--timeout",
      description = "Minutes to wait until it serves (default: ${DEFAULT-VALUE}).",
      defaultValue = "60")
  int timeoutMinutes;

  @Option(
      names = "--poll-interval",
      description = "Seconds between status checks (default: ${DEFAULT-VALUE}).",
      defaultValue = "15")
  int pollSeconds;

  @picocli.CommandLine.Mixin PriceTableOption prices = new PriceTableOption();

  @Option(
      names = "--hourly-price",
      paramLabel = "USD",
      description =
          "Provisioned throughput's price per model unit and hour, as AWS's pricing page or the"
              + " console shows it (no price is bundled).")
  BigDecimal hourlyPrice;

  ModelDeployCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (!provisioned && (units != null || commitment != null)) {
      throw new FineTuneException(
          "--units and --commitment apply to provisioned throughput: add --provisioned, or drop"
              + " them for an on-demand deployment");
    }
    DeploymentRequest.Builder request =
        DeploymentRequest.builder().modelArn(modelArn).name(name).description(description);
    if (provisioned) {
      request.provisioned(units == null ? 1 : units);
      request.commitment(commitment == null ? Commitment.NONE : Commitment.parse(commitment));
      request.quotaIncreased(quotaIncreased);
    }
    Terminal t = context.terminal();
    try (AwsComponents aws = new AwsComponents(context)) {
      if (hourlyPrice != null && !provisioned) {
        throw new FineTuneException(
            "--hourly-price is the price of provisioned throughput: add --provisioned, or drop"
                + " it (on-demand deployments bill per token)");
      }
      ModelDeployments deployments =
          aws.deployments(
              prices.load(context), Duration.ofSeconds(Math.max(1, pollSeconds)), hourlyPrice);
      Deployment created;
      try {
        created =
            deployments.deploy(
                request.build(),
                notice ->
                    confirm(notice, consent.yes, context.interactive(), ModelCommand::readLine, t));
      } catch (DeploymentDeclinedException e) {
        t.println("Not deployed: nothing was created.");
        return 1;
      }
      t.println();
      t.println(
          (created.kind() == DeploymentKind.ON_DEMAND
                  ? "Deployment ARN: "
                  : "Provisioned throughput ARN: ")
              + created.arn());
      if (!noWait) {
        Deployment ready =
            deployments.awaitReady(
                created.arn(),
                Duration.ofMinutes(timeoutMinutes),
                d ->
                    t.println(
                        "["
                            + CLOCK.format(Instant.now())
                            + "] "
                            + d.status()
                            + (d.state() == DeploymentState.CREATING
                                ? " (usually a few minutes)"
                                : "")));
        created = ready;
      }
      t.println();
      t.println("Next steps:");
      t.println("  finetune model test " + created.arn() + " --prompt \"...\"");
      t.println("  finetune model compare --base <base-model-id> --custom " + created.arn());
      t.println(
          "  finetune model undeploy "
              + created.arn()
              + "   # stop "
              + (created.kind() == DeploymentKind.ON_DEMAND ? "it" : "the hourly billing"));
      return 0;
    }
  }
}
