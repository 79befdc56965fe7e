package app.polychat.finetune.bedrock.serving;

import app.polychat.finetune.support.FineTuneException;

/**
 * The {@link DeploymentConfirmation} declined the cost: nothing was created. Not retryable; ask
 * again with the user's consent or a larger budget.
 */
public final class DeploymentDeclinedException extends FineTuneException {
  private static final long serialVersionUID = 1L;
  private final transient DeploymentCostNotice notice;

  /**
   * The declined notice, for the message and for callers that want to show it again.
   *
   * @param notice the notice the user declined
   */
  public DeploymentDeclinedException(DeploymentCostNotice notice) {
    super(
        "not deployed: the cost of '"
            + notice.deploymentName()
            + "' was not confirmed, so nothing was created");
    this.notice = notice;
  }

  /** {@return the notice that was declined} */
  public DeploymentCostNotice notice() {
    return notice;
  }
}
