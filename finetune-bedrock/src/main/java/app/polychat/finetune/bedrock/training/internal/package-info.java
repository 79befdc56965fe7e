/**
 * Implementation details of training: streaming checksummed multipart uploads, file digests,
 * request and response mapping for customization jobs, and the loss CSV reader. Not public API:
 * anything here may change without notice.
 */
package app.polychat.finetune.bedrock.training.internal;
