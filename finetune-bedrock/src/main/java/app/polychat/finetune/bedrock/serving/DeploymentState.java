package app.polychat.finetune.bedrock.serving;

import java.util.Locale;

/** Where a deployment stands, the same for on-demand deployments and provisioned throughput. */
public enum DeploymentState {
  /** Being set up ({@code Creating}). */
  CREATING,
  /** Serving requests: {@code Active} (on demand) or {@code InService} (provisioned). */
  READY,
  /** Provisioned throughput changing its model or units ({@code Updating}); still serving. */
  UPDATING,
  /** Could not be created or stopped serving ({@code Failed}). */
  FAILED;

  /**
   * {@return the state of a status Bedrock reported}
   *
   * @param status Bedrock's status, such as {@code Creating} or {@code InService}
   * @throws IllegalArgumentException for a status this version does not know
   */
  public static DeploymentState of(String status) {
    if (status == null) {
      throw new IllegalArgumentException("no status");
    }
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "creating" -> CREATING;
      case "active", "inservice" -> READY;
      case "updating" -> UPDATING;
      case "failed" -> FAILED;
      default ->
          throw new IllegalArgumentException(
              "unknown deployment status '" + status + "': upgrade the toolkit");
    };
  }

  /** {@return whether polling can stop: the deployment serves, or it failed} */
  public boolean settled() {
    return this == READY || this == FAILED;
  }
}
