/**
 * Evaluating a trained model on Amazon Bedrock: {@link
 * app.polychat.finetune.bedrock.evaluation.ModelTester} runs prompts through Converse; {@link
 * app.polychat.finetune.bedrock.evaluation.ModelComparison} answers "did fine-tuning help, and at
 * what price?" over held-out prompts with a pluggable {@link app.polychat.finetune.check.Scorer},
 * and its {@link app.polychat.finetune.bedrock.evaluation.ComparisonReport} renders as Markdown or
 * JSON.
 *
 * <pre>{@code
 * try (ModelTester tester = ModelTester.builder().temperature(0.2).build()) {
 *   ComparisonReport report = ModelComparison.builder().tester(tester)
 *       .base("amazon.nova-lite-v1:0").custom(deploymentArn)
 *       .promptsFile(Path.of("datasets/my-task/validation.jsonl")).build().run();
 *   report.writeMarkdown(Path.of("comparison.md"));
 * }
 * }</pre>
 */
package app.polychat.finetune.bedrock.evaluation;
