/**
 * Teachers on Amazon Bedrock that generate datasets: {@link
 * app.polychat.finetune.bedrock.teacher.BedrockConverseExampleSource} asks a model on demand
 * through Converse, with the retries, rate, token budget and concurrency of {@link
 * app.polychat.finetune.bedrock.teacher.ConverseSettings}; {@link
 * app.polychat.finetune.bedrock.teacher.BedrockBatchExampleSource} runs batch inference jobs at
 * about half the price and re-attaches to them on a rerun, so nothing is paid twice. Both report
 * through a {@link app.polychat.finetune.bedrock.teacher.TeacherListener}.
 *
 * <pre>{@code
 * try (BedrockConverseExampleSource teacher =
 *     BedrockConverseExampleSource.builder().model("us.amazon.nova-pro-v1:0").build()) {
 *   engine.generate(prompts, teacher);
 * }
 * }</pre>
 */
package app.polychat.finetune.bedrock.teacher;
