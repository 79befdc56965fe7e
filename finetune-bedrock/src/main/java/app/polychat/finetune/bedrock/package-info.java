/**
 * Amazon Bedrock and Amazon S3 for the toolkit: {@link
 * app.polychat.finetune.bedrock.S3DatasetStore} uploads training files to a bucket (streaming,
 * multipart, checksummed, resumable) and {@link
 * app.polychat.finetune.bedrock.BedrockCustomizationBackend} submits fine-tuning and distillation
 * jobs idempotently, describes, lists and stops them, and reads their loss curves. Both use the AWS
 * SDK for Java v2 with the default credentials chain, accept injected clients, and translate AWS
 * errors into {@link app.polychat.finetune.store.StoreException} and {@link
 * app.polychat.finetune.job.BackendException} messages that say what to check.
 *
 * <pre>{@code
 * S3DatasetStore store = S3DatasetStore.builder().bucket("my-training-bucket").build();
 * StoredDataset stored = store.put(dataset, "strudel");
 * BedrockCustomizationBackend backend = BedrockCustomizationBackend.builder()
 *     .roleArn("arn:aws:iam::123456789012:role/BedrockFineTuning")
 *     .outputBucket("my-output-bucket").build();
 * JobHandle job = backend.submit(JobSpec.builder().jobName("strudel-v1")
 *     .baseModel("amazon.nova-lite-v1:0:300k").trainingUri(stored.trainingUri()).build());
 * }</pre>
 */
package app.polychat.finetune.bedrock;
