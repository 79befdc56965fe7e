package app.polychat.finetune.bedrock.serving;

import app.polychat.finetune.bedrock.internal.Money;
import java.math.BigDecimal;
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

  /** Where AWS publishes Bedrock's prices. */
  public static final String PRICING_PAGE = "https://aws.amazon.com/bedrock/pricing/";

  /** Tokens per request in the on-demand example figure. */
  static final int EXAMPLE_TOKENS = 500;

  /**
   * Checks that the kind, model, name, commitment and cost are given.
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
  public DeploymentCostNotice {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(modelArn, "modelArn");
    Objects.requireNonNull(deploymentName, "deploymentName");
    Objects.requireNonNull(commitment, "commitment");
    Objects.requireNonNull(cost, "cost");
  }

  /** {@return the notice as a few lines of text for a person to read before confirming} */
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
      if (!cost.priceKnown()) {
        out.append("  The hourly price is unknown: ")
            .append(cost.basis())
            .append(".\n")
            .append("  It is billed every hour until you delete it, used or not; published")
            .append(" custom-model rates run from about $7 to $50 per model-unit hour (thousands")
            .append(" of dollars a month).\n")
            .append("  Read the price per model unit and hour on ")
            .append(PRICING_PAGE)
            .append(" (Provisioned Throughput) or on the console's Purchase Provisioned")
            .append(" Throughput page, then give it with --hourly-price USD (or")
            .append(" \"provisionedPerUnitHour\" in a --prices file).");
        return out.toString();
      }
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
    out.append("  Price: ")
        .append(cost.priceSource() == null ? "price table" : cost.priceSource())
        .append(cost.pricesAsOf() == null ? ", undated" : ", as of " + cost.pricesAsOf())
        .append(" (estimates; check ")
        .append(PRICING_PAGE)
        .append(").");
    return out.toString();
  }

  /**
   * {@return this notice priced at {@code perUnitHour} per model-unit hour, from {@code source} (a
   * price the user typed or passed): for a provisioned throughput whose price was unknown}
   *
   * @param perUnitHour US dollars per model unit and hour
   * @param source where the price came from
   */
  public DeploymentCostNotice withHourlyPrice(BigDecimal perUnitHour, String source) {
    Objects.requireNonNull(perUnitHour, "perUnitHour");
    Objects.requireNonNull(source, "source");
    if (kind != DeploymentKind.PROVISIONED) {
      throw new IllegalStateException("only provisioned throughput has an hourly price");
    }
    return new DeploymentCostNotice(
        kind,
        modelArn,
        modelName,
        baseModelId,
        deploymentName,
        modelUnits,
        commitment,
        DeploymentCost.provisionedHourly(
            perUnitHour, modelUnits, commitment, source, java.time.LocalDate.now().toString()));
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
