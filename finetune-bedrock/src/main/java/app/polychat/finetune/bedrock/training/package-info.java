/**
 * Training on Amazon Bedrock: {@link app.polychat.finetune.bedrock.training.S3DatasetStore} uploads
 * training files to S3 (streaming, multipart, checksummed, resumable) and reports progress to an
 * {@link app.polychat.finetune.bedrock.training.UploadListener}; {@link
 * app.polychat.finetune.bedrock.training.BedrockCustomizationBackend} submits fine-tuning,
 * distillation and reinforcement fine-tuning jobs idempotently, describes, lists and stops them,
 * and reads their loss curves; {@link app.polychat.finetune.bedrock.training.GraderFunctions}
 * deploys the Lambda grader a reinforcement fine-tuning job calls. AWS errors become {@link
 * app.polychat.finetune.job.BackendException} and {@link
 * app.polychat.finetune.store.StoreException} messages that say what to check.
 *
 * <pre>{@code
 * try (S3DatasetStore store = S3DatasetStore.builder().bucket("my-training-bucket").build();
 *     BedrockCustomizationBackend backend = BedrockCustomizationBackend.builder().build()) {
 *   StoredDataset stored = store.put(dataset, "my-run", Placement.CONTENT_ADDRESSED);
 *   JobHandle job = backend.submit(specFor(stored));
 * }
 * }</pre>
 */
package app.polychat.finetune.bedrock.training;
