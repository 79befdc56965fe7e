/**
 * Implementation details of the Bedrock module: client construction from the environment, the one
 * AWS exception mapper, streaming checksummed uploads, request and response mapping, and the loss
 * CSV reader. Not public API: anything here may change without notice.
 *
 * <pre>{@code
 * S3Location out = S3Location.parse(URI.create("s3://my-output-bucket/strudel/"));
 * }</pre>
 */
package app.polychat.finetune.bedrock.internal;
