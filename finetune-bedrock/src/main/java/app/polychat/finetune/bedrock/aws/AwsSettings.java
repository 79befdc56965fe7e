package app.polychat.finetune.bedrock.aws;

import app.polychat.finetune.bedrock.internal.AwsClients;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS settings the Bedrock module's components read from an environment map (the process
 * environment, or one merged with a {@code .env} file), the same way the AWS CLI does.
 *
 * <pre>{@code
 * Region region = AwsSettings.regionFrom(System.getenv());
 * }</pre>
 */
public final class AwsSettings {
  private AwsSettings() {}

  /**
   * The region a component uses when none is set on its builder: {@code AWS_REGION}, else {@code
   * AWS_DEFAULT_REGION}, else the SDK's chain (profile, instance metadata), else us-east-1, where
   * Nova customization lives.
   *
   * @param environment the variables to read, e.g. {@code System.getenv()}
   * @return the region, never null
   */
  public static Region regionFrom(Map<String, String> environment) {
    return AwsClients.region(null, Objects.requireNonNull(environment, "environment"));
  }
}
