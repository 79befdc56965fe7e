/**
 * Amazon Bedrock and Amazon S3 for the toolkit, from training data to a model in use: {@link
 * app.polychat.finetune.bedrock.S3DatasetStore} uploads training files (streaming, multipart,
 * checksummed, resumable); {@link app.polychat.finetune.bedrock.BedrockCustomizationBackend}
 * submits fine-tuning and distillation jobs idempotently, describes, lists and stops them, and
 * reads their loss curves. After training, {@link app.polychat.finetune.bedrock.ModelCatalog} lists
 * foundation models by customization type and describes custom models; {@link
 * app.polychat.finetune.bedrock.ModelDeployments} serves them on demand (or with provisioned
 * throughput when asked), behind a cost guard; {@link app.polychat.finetune.bedrock.ModelTester}
 * runs prompts through Converse; {@link app.polychat.finetune.bedrock.ModelComparison} answers "did
 * fine-tuning help, and at what price?" with a pluggable {@link
 * app.polychat.finetune.check.Scorer}; and {@link
 * app.polychat.finetune.bedrock.PolychatModelExport} writes the Polychat model definition. Teachers
 * on Bedrock generate the datasets: {@link
 * app.polychat.finetune.bedrock.BedrockConverseExampleSource} (on demand, through Converse) and
 * {@link app.polychat.finetune.bedrock.BedrockBatchExampleSource} (batch inference jobs at about
 * half the price, re-attached on a rerun so nothing is paid twice). Every class uses the AWS SDK
 * for Java v2 with the default credentials chain, accepts injected clients, and translates AWS
 * errors into {@link app.polychat.finetune.job.BackendException} and {@link
 * app.polychat.finetune.store.StoreException} messages that say what to check.
 *
 * <pre>{@code
 * try (ModelDeployments deployments = ModelDeployments.builder().build();
 *     ModelTester tester = ModelTester.builder().temperature(0.2).build()) {
 *   Deployment d = deployments.deploy(DeploymentRequest.onDemand(modelArn), notice -> {
 *     System.out.println(notice.text());
 *     return true;
 *   });
 *   deployments.awaitReady(d.arn(), Duration.ofMinutes(30), s -> {});
 *   ComparisonReport report = ModelComparison.builder().tester(tester)
 *       .base("amazon.nova-lite-v1:0").custom(d.arn())
 *       .promptsFile(Path.of("datasets/strudel/validation.jsonl")).build().run();
 *   report.writeMarkdown(Path.of("comparison.md"));
 * }
 * }</pre>
 */
package app.polychat.finetune.bedrock;
