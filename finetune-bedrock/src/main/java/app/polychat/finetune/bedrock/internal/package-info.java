/**
 * Implementation details shared by the Bedrock module's concerns: client construction from the
 * environment, the one AWS exception mapper, S3 locations, model identifiers, inference prices and
 * money formatting. Not public API: anything here may change without notice, and no other module
 * may import it.
 *
 * <pre>{@code
 * S3Location out = S3Location.parse(URI.create("s3://my-output-bucket/run/"));
 * }</pre>
 */
package app.polychat.finetune.bedrock.internal;
