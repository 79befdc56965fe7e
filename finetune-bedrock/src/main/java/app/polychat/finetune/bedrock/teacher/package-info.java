/**
 * Teachers on Amazon Bedrock that generate datasets: {@link
 * app.polychat.finetune.bedrock.teacher.BedrockConverseExampleSource} asks a model on demand
 * through Converse, its calls run by the shared teacher caller ({@code finetune-teacher}) under a
 * {@code CallPolicy} that starts from {@link
 * app.polychat.finetune.bedrock.teacher.BedrockConverseExampleSource#DEFAULT_CALL_POLICY}; {@link
 * app.polychat.finetune.bedrock.teacher.BedrockBatchExampleSource} runs batch inference jobs at
 * about half the price and re-attaches to them on a rerun, so nothing is paid twice. Both report
 * through the core's {@link app.polychat.finetune.source.SourceListener}, which the generation
 * engine forwards to its {@code GenerationListener}.
 *
 * <pre>{@code
 * try (BedrockConverseExampleSource teacher =
 *     BedrockConverseExampleSource.builder().model("us.amazon.nova-pro-v1:0").build()) {
 *   engine.generate(prompts, teacher);
 * }
 * }</pre>
 */
package app.polychat.finetune.bedrock.teacher;
