/**
 * Customization jobs: {@link app.polychat.finetune.job.CustomizationBackend} submits, describes,
 * lists and stops jobs described by a {@link app.polychat.finetune.job.JobSpec}; {@link
 * app.polychat.finetune.job.DryRunBackend} writes the Bedrock request instead of sending it. The
 * package knows nothing of the tracker: {@link app.polychat.finetune.JobWatcher}, which polls a job
 * to its end and records each status, lives in the top package beside {@link
 * app.polychat.finetune.TrainingJob}.
 *
 * <pre>{@code
 * JobHandle handle = DryRunBackend.builder().directory(dir).build().submit(spec);
 * }</pre>
 */
package app.polychat.finetune.job;
