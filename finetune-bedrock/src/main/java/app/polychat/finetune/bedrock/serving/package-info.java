/**
 * Serving a trained model on Amazon Bedrock: {@link
 * app.polychat.finetune.bedrock.serving.ModelCatalog} lists foundation models by customization type
 * and describes custom models; {@link app.polychat.finetune.bedrock.serving.ModelDeployments}
 * serves them on demand (or with provisioned throughput when asked) behind a cost guard: a {@link
 * app.polychat.finetune.bedrock.serving.DeploymentCostNotice} the caller's {@link
 * app.polychat.finetune.bedrock.serving.DeploymentConfirmation} must accept, priced by {@link
 * app.polychat.finetune.bedrock.serving.PriceListLookup}; {@link
 * app.polychat.finetune.bedrock.serving.PolychatModelExport} writes the Polychat model definition.
 *
 * <pre>{@code
 * try (ModelDeployments deployments = ModelDeployments.builder().build()) {
 *   Deployment d = deployments.deploy(DeploymentRequest.onDemand(modelArn), notice -> {
 *     System.out.println(notice.text());
 *     return true;
 *   });
 *   deployments.awaitReady(d.arn(), Duration.ofMinutes(30), s -> {});
 * }
 * }</pre>
 */
package app.polychat.finetune.bedrock.serving;
