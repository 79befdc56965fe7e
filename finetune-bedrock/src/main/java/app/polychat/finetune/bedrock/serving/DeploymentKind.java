package app.polychat.finetune.bedrock.serving;

/** How a custom model is served. */
public enum DeploymentKind {
  /**
   * An on-demand custom model deployment ({@code CreateCustomModelDeployment}): no hourly charge,
   * billed per token at the base model's rates.
   */
  ON_DEMAND,

  /**
   * Provisioned throughput ({@code CreateProvisionedModelThroughput}): dedicated model units billed
   * every hour until deleted, or for a committed term.
   */
  PROVISIONED
}
