/**
 * AWS plumbing shared by every concern of the Bedrock module: how region, credentials and endpoints
 * are read from the environment.
 *
 * <pre>{@code
 * Region region = AwsSettings.regionFrom(System.getenv());
 * }</pre>
 */
package app.polychat.finetune.bedrock.aws;
