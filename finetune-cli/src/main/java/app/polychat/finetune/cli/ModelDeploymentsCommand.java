package app.polychat.finetune.cli;

import static app.polychat.finetune.cli.ModelCommand.table;
import static app.polychat.finetune.cli.ModelCommand.usd;

import app.polychat.finetune.bedrock.serving.Commitment;
import app.polychat.finetune.bedrock.serving.Deployment;
import app.polychat.finetune.bedrock.serving.DeploymentCost;
import app.polychat.finetune.bedrock.serving.DeploymentCostNotice;
import app.polychat.finetune.bedrock.serving.DeploymentKind;
import app.polychat.finetune.bedrock.serving.DeploymentState;
import app.polychat.finetune.bedrock.serving.ModelDeployments;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code finetune model deployments} command. */
@Command(
    name = "deployments",
    description = "List what is deployed and what it costs per hour and per month.")
final class ModelDeploymentsCommand implements Callable<Integer> {
  private final Context context;

  @picocli.CommandLine.Mixin JsonOption format = new JsonOption();

  @picocli.CommandLine.Mixin PriceTableOption prices = new PriceTableOption();

  ModelDeploymentsCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    try (AwsComponents aws = new AwsComponents(context)) {
      ModelDeployments deployments =
          aws.deployments(prices.load(context), Duration.ofSeconds(15), null);
      List<Deployment> all = deployments.list();
      if (format.json) {
        ArrayNode array = Json.mapper().createArrayNode();
        all.forEach(d -> array.add(deploymentJson(d)));
        context.out().println(Json.writePretty(array));
        context.out().flush();
        return 0;
      }
      Terminal t = context.terminal();
      if (all.isEmpty()) {
        t.println("Nothing is deployed in " + deployments.region() + ": nothing is billing.");
        return 0;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"NAME", "KIND", "STATUS", "UNITS", "PER HOUR", "PER MONTH", "ARN"});
      BigDecimal hourly = BigDecimal.ZERO;
      BigDecimal monthly = BigDecimal.ZERO;
      int unpriced = 0;
      for (Deployment d : all) {
        DeploymentCost cost = d.cost();
        rows.add(
            new String[] {
              String.valueOf(d.name()),
              d.kind() == DeploymentKind.ON_DEMAND
                  ? "on demand"
                  : "provisioned"
                      + (d.commitment() == Commitment.NONE
                          ? ""
                          : " (" + d.commitment().months() + "mo)"),
              d.status(),
              d.kind() == DeploymentKind.ON_DEMAND ? "-" : Integer.toString(d.modelUnits()),
              cost == null ? "n/a" : perHour(cost),
              cost == null ? "n/a" : !cost.priceKnown() ? "unknown" : usd(cost.monthlyUsd()),
              d.arn()
            });
        if (cost != null && d.state() != DeploymentState.FAILED) {
          if (cost.priceKnown()) {
            hourly = hourly.add(cost.hourlyUsd());
            monthly = monthly.add(cost.monthlyUsd());
          } else {
            unpriced++;
          }
        }
      }
      table(t, rows);
      t.println();
      if (hourly.signum() > 0) {
        t.println(
            t.yellow(
                    "Billed while idle: "
                        + usd(hourly)
                        + " per hour, about "
                        + usd(monthly)
                        + " per month.")
                + " Delete what you do not use: finetune model undeploy <ARN>");
      } else if (unpriced == 0) {
        t.println(
            "Nothing bills by the hour: on-demand deployments cost only the tokens they serve.");
      }
      if (unpriced > 0) {
        t.println(
            t.yellow(
                    unpriced
                        + " provisioned throughput"
                        + (unpriced == 1 ? " bills" : "s bill")
                        + " every hour at a price the toolkit does not know")
                + " (see "
                + DeploymentCostNotice.PRICING_PAGE
                + "; give it with --prices FILE). Delete what you do not use: finetune model"
                + " undeploy <ARN>");
      }
      return 0;
    }
  }

  private static String perHour(DeploymentCost cost) {
    if (!cost.priceKnown()) {
      return "unknown";
    }
    if (cost.inputPer1kTokensUsd() != null && cost.hourlyUsd().signum() == 0) {
      return "per token";
    }
    return usd(cost.hourlyUsd());
  }

  private static ObjectNode deploymentJson(Deployment d) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("arn", d.arn());
    node.put("name", d.name());
    node.put("kind", d.kind().name());
    node.put("status", d.status());
    node.put("modelArn", d.modelArn());
    node.put("baseModelId", d.baseModelId());
    node.put("modelUnits", d.modelUnits());
    node.put("commitment", d.commitment().name());
    node.put("createdAt", d.createdAt() == null ? null : d.createdAt().toString());
    node.put(
        "commitmentExpiresAt",
        d.commitmentExpiresAt() == null ? null : d.commitmentExpiresAt().toString());
    if (d.cost() != null) {
      node.put("hourlyUsd", d.cost().hourlyUsd());
      node.put("monthlyUsd", d.cost().monthlyUsd());
      node.put("inputPer1kTokensUsd", d.cost().inputPer1kTokensUsd());
      node.put("outputPer1kTokensUsd", d.cost().outputPer1kTokensUsd());
      node.put("priceKnown", d.cost().priceKnown());
      node.put("priceSource", d.cost().priceSource());
    }
    return node;
  }
}
