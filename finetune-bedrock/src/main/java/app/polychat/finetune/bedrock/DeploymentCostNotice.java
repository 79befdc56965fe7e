package app.polychat.finetune.bedrock;

import app.polychat.finetune.bedrock.internal.Money;
import java.util.Objects;

/**
 * What a deployment will cost, shown to the {@link DeploymentConfirmation} before anything is
 * created: the hourly price and the monthly figure, or the per-token rates on demand, and how to
 * stop the charges.
 *
 * @param kind on demand or provisioned
 * @param modelArn the custom model to serve
 * @param modelName the custom model's name
 * @param baseModelId the base model whose prices apply
 * @param deploymentName the name the deployment will have
 * @param modelUnits model units (provisioned), 0 on demand
 * @param commitment the provisioned term
 * @param cost the figures
 */
public record DeploymentCostNotice(
    DeploymentKind kind,
    String modelArn,
    String modelName,
    String baseModelId,
    String deploymentName,
    int modelUnits,
    Commitment commitment,
    DeploymentCost cost) {

  /** Tokens per request in the on-demand example figure. */
  static final int EXAMPLE_TOKENS = 500;

  public DeploymentCostNotice {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(modelArn, "modelArn");
    Objects.requireNonNull(deploymentName, "deploymentName");
    Objects.requireNonNull(commitment, "commitment");
    Objects.requireNonNull(cost, "cost");
  }

  /** The notice as a few lines of text for a person to read before confirming. */
  public String text() {
    StringBuilder out = new StringBuilder();
    String model =
        "custom model "
            + (modelName == null ? modelArn : modelName)
            + (baseModelId == null ? "" : " (base " + baseModelId + ")");
    if (kind == DeploymentKind.ON_DEMAND) {
      out.append("On-demand deployment '")
          .append(deploymentName)
          .append("' of ")
          .append(model)
          .append('\n');
      out.append("  No hourly charge: billed per token at the base model's rates, ")
          .append(Money.rate(cost.inputPer1kTokensUsd()))
          .append(" per 1K input and ")
          .append(Money.rate(cost.outputPer1kTokensUsd()))
          .append(" per 1K output tokens\n");
      out.append("  (1,000 requests of ")
          .append(EXAMPLE_TOKENS)
          .append(" input + ")
          .append(EXAMPLE_TOKENS)
          .append(" output tokens: about ")
          .append(Money.usd(exampleThousandRequests()))
          .append(").\n");
      out.append("  Delete it when you no longer need it (finetune model undeploy <ARN>).\n");
    } else {
      out.append("Provisioned throughput '")
          .append(deploymentName)
          .append("' for ")
          .append(model)
          .append(": ")
          .append(modelUnits)
          .append(modelUnits == 1 ? " model unit" : " model units")
          .append(commitment == Commitment.NONE ? ", no commitment" : ", " + term())
          .append('\n');
      if (commitment == Commitment.NONE) {
        out.append("  ")
            .append(Money.usd(cost.hourlyUsd()))
            .append(" per hour, about ")
            .append(Money.usd(cost.monthlyUsd()))
            .append(" per month: billed every hour until you delete it, used or not.\n");
        out.append("  Delete it when done (finetune model undeploy <ARN>).\n");
      } else {
        out.append("  ")
            .append(Money.usd(cost.monthlyUsd()))
            .append(" per month for ")
            .append(term())
            .append(": ")
            .append(Money.usd(cost.commitmentTotalUsd()))
            .append(" in total, billed used or not.\n");
        out.append("  A committed term cannot be deleted before it ends.\n");
      }
      out.append("  Basis: ").append(cost.basis()).append(".\n");
    }
    out.append("  Prices as of ")
        .append(cost.pricesAsOf())
        .append(" (estimates; check https://aws.amazon.com/bedrock/pricing/).");
    return out.toString();
  }

  private String term() {
    return commitment.months() + (commitment.months() == 1 ? " month" : " months");
  }

  private java.math.BigDecimal exampleThousandRequests() {
    java.math.BigDecimal tokens = java.math.BigDecimal.valueOf(EXAMPLE_TOKENS);
    return cost.inputPer1kTokensUsd()
        .multiply(tokens)
        .add(cost.outputPer1kTokensUsd().multiply(tokens));
  }
}
