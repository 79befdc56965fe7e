/**
 * Customization jobs: {@link app.polychat.finetune.job.CustomizationBackend} submits, describes,
 * lists and stops jobs described by a {@link app.polychat.finetune.job.JobSpec}; {@link
 * app.polychat.finetune.job.JobWatcher} polls one to its end; {@link
 * app.polychat.finetune.job.DryRunBackend} writes the Bedrock request instead of sending it.
 *
 * <pre>{@code
 * JobHandle handle = DryRunBackend.builder().directory(dir).build().submit(spec);
 * }</pre>
 */
package app.polychat.finetune.job;
