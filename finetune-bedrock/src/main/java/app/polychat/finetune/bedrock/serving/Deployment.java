package app.polychat.finetune.bedrock.serving;

import java.time.Instant;
import java.util.Objects;

/**
 * An on-demand deployment or a provisioned throughput, with what it costs while it exists.
 *
 * @param arn the ARN to invoke it with (the {@code modelId} of a Converse call) and to delete it
 * @param name its name
 * @param kind on demand or provisioned
 * @param status the status Bedrock reported ({@code Creating}, {@code Active}, {@code InService},
 *     {@code Updating}, {@code Failed})
 * @param state that status, the same for both kinds
 * @param modelArn the custom model it serves
 * @param baseModelId the foundation model the custom model was trained from, or null when unknown
 * @param modelUnits model units (provisioned), 0 on demand
 * @param commitment the provisioned term; {@link Commitment#NONE} on demand
 * @param createdAt when it was created, or null
 * @param commitmentExpiresAt when a committed term ends, or null
 * @param failureMessage why it failed, or null
 * @param cost what it costs, or null when the price table has no prices for its base model
 */
public record Deployment(
    String arn,
    String name,
    DeploymentKind kind,
    String status,
    DeploymentState state,
    String modelArn,
    String baseModelId,
    int modelUnits,
    Commitment commitment,
    Instant createdAt,
    Instant commitmentExpiresAt,
    String failureMessage,
    DeploymentCost cost) {

  /**
   * Checks that the ARN, kind and state are given; a null commitment becomes {@link
   * Commitment#NONE}.
   *
   * @param arn the ARN to invoke it with (the {@code modelId} of a Converse call) and to delete it
   * @param name its name
   * @param kind on demand or provisioned
   * @param status the status Bedrock reported ({@code Creating}, {@code Active}, {@code InService},
   *     {@code Updating}, {@code Failed})
   * @param state that status, the same for both kinds
   * @param modelArn the custom model it serves
   * @param baseModelId the foundation model the custom model was trained from, or null when unknown
   * @param modelUnits model units (provisioned), 0 on demand
   * @param commitment the provisioned term; {@link Commitment#NONE} on demand
   * @param createdAt when it was created, or null
   * @param commitmentExpiresAt when a committed term ends, or null
   * @param failureMessage why it failed, or null
   * @param cost what it costs, or null when the price table has no prices for its base model
   */
  public Deployment {
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    commitment = Objects.requireNonNullElse(commitment, Commitment.NONE);
  }
}
