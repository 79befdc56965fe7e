package app.polychat.finetune.cli;

import app.polychat.finetune.bedrock.serving.Deployment;
import app.polychat.finetune.bedrock.serving.DeploymentKind;
import app.polychat.finetune.cost.PriceTable;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The {@code finetune model undeploy} command. */
@Command(
    name = "undeploy",
    description = "Delete an on-demand deployment or a provisioned throughput; billing stops.")
final class ModelUndeployCommand implements Callable<Integer> {
  private final Context context;

  @Parameters(paramLabel = "ARN", description = "Deployment or provisioned throughput ARN or name.")
  String arn;

  ModelUndeployCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    try (AwsComponents aws = new AwsComponents(context)) {
      Deployment deleted =
          aws.deployments(PriceTable.load(), Duration.ofSeconds(15), null).delete(arn);
      context
          .terminal()
          .println(
              "Deleted "
                  + (deleted.kind() == DeploymentKind.ON_DEMAND
                      ? "on-demand deployment '"
                      : "provisioned throughput '")
                  + deleted.name()
                  + "' ("
                  + deleted.arn()
                  + "): it no longer bills.");
      return 0;
    }
  }
}
