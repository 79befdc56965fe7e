package app.polychat.finetune.bedrock.internal;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.BedrockClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the AWS clients the module owns when none is injected, reading the same settings as the
 * AWS CLI from an environment map (the process environment, or one merged with a {@code .env}
 * file): {@code AWS_REGION}/{@code AWS_DEFAULT_REGION}, {@code AWS_ENDPOINT_URL_S3}/{@code
 * AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_BEDROCK}, and {@code S3_FORCE_PATH_STYLE=true} for
 * S3-compatible servers (MinIO, S3Proxy, LocalStack). Not public API.
 */
public final class AwsClients {
  /** The region when nothing names one; Nova customization lives there. */
  public static final Region FALLBACK_REGION = Region.US_EAST_1;

  private AwsClients() {}

  /**
   * The region to use: the explicit one, else {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, the
   * SDK's chain (profile, instance metadata), and finally us-east-1.
   */
  public static Region region(String explicit, Map<String, String> env) {
    if (explicit != null && !explicit.isBlank()) {
      return Region.of(explicit.trim());
    }
    for (String name : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return Region.of(value.trim());
      }
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      return FALLBACK_REGION;
    }
  }

  /** An endpoint for a service: the explicit one, else the service's variable, else the global. */
  public static Optional<URI> endpoint(URI explicit, Map<String, String> env, String serviceVar) {
    if (explicit != null) {
      return Optional.of(explicit);
    }
    for (String name : new String[] {serviceVar, "AWS_ENDPOINT_URL"}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        try {
          return Optional.of(URI.create(value.trim()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              name + " is not a valid URL ('" + value + "'): write it as http://host:port", e);
        }
      }
    }
    return Optional.empty();
  }

  /** Path-style addressing: the explicit choice, else {@code S3_FORCE_PATH_STYLE=true}. */
  public static boolean forcePathStyle(Boolean explicit, Map<String, String> env) {
    if (explicit != null) {
      return explicit;
    }
    return "true".equalsIgnoreCase(String.valueOf(env.get("S3_FORCE_PATH_STYLE")).trim());
  }

  /**
   * An S3 client. Checksums are computed by the toolkit itself (so that it can store them and
   * compare later), hence the SDK computes and validates them only when an operation requires it;
   * this also keeps S3-compatible servers that do not know the newer checksum headers working.
   */
  public static S3Client s3(
      Region region, AwsCredentialsProvider credentials, URI endpoint, boolean pathStyle) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(region)
            .forcePathStyle(pathStyle)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (credentials != null) {
      builder.credentialsProvider(credentials);
    }
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  /** A Bedrock control-plane client. */
  public static BedrockClient bedrock(
      Region region, AwsCredentialsProvider credentials, URI endpoint) {
    BedrockClientBuilder builder = BedrockClient.builder().region(region);
    if (credentials != null) {
      builder.credentialsProvider(credentials);
    }
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }
}
