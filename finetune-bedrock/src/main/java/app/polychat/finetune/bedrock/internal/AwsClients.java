package app.polychat.finetune.bedrock.internal;

import app.polychat.finetune.bedrock.aws.AwsService;
import app.polychat.finetune.bedrock.aws.AwsSettings;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.BedrockClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the AWS clients the module owns when none is injected, reading the same settings as the
 * AWS CLI from an environment map (the process environment, or one merged with a {@code .env}
 * file): {@code AWS_REGION}/{@code AWS_DEFAULT_REGION}, {@code AWS_ENDPOINT_URL_S3}/{@code
 * AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_BEDROCK}, and {@code S3_FORCE_PATH_STYLE=true} for
 * S3-compatible servers (MinIO, S3Proxy, LocalStack). {@code AWS_ENDPOINT_URL_BEDROCK_RUNTIME}
 * names the runtime endpoint; {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} (with {@code
 * AWS_SESSION_TOKEN}) or {@code AWS_PROFILE} in the map choose the credentials, and {@code
 * AWS_MAX_ATTEMPTS} the SDK's retry attempts. Not public API.
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
   * An S3 client that computes and validates checksums only when an operation requires them: for
   * reading job outputs and the batch teacher's files, whose own requests carry no flexible
   * checksum, so S3-compatible servers that do not know the newer checksum headers keep working.
   * The dataset store uses the overload below, which follows the SDK's checksum settings.
   */
  public static S3Client s3(
      Region region, AwsCredentialsProvider credentials, URI endpoint, boolean pathStyle) {
    return s3(
        region,
        credentials,
        endpoint,
        pathStyle,
        RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation.WHEN_REQUIRED);
  }

  /**
   * An S3 client with the given checksum settings; a null setting is left to the SDK, which reads
   * the system property, the process environment and the profile.
   */
  public static S3Client s3(
      Region region,
      AwsCredentialsProvider credentials,
      URI endpoint,
      boolean pathStyle,
      RequestChecksumCalculation calculation,
      ResponseChecksumValidation validation) {
    S3ClientBuilder builder = S3Client.builder().region(region).forcePathStyle(pathStyle);
    if (calculation != null) {
      builder.requestChecksumCalculation(calculation);
    }
    if (validation != null) {
      builder.responseChecksumValidation(validation);
    }
    if (credentials != null) {
      builder.credentialsProvider(credentials);
    }
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  /**
   * The request checksum setting as the AWS SDKs resolve it: the explicit value; else {@code
   * AWS_REQUEST_CHECKSUM_CALCULATION} in the map (a {@code .env} file or the process environment);
   * else the system property {@code aws.requestChecksumCalculation}; else {@code
   * request_checksum_calculation} in the profile ({@code AWS_PROFILE} in the map, else {@code
   * default}); else {@code WHEN_SUPPORTED}, the SDK's default.
   *
   * @throws IllegalArgumentException when a value is neither {@code when_supported} nor {@code
   *     when_required}, naming where it was read
   */
  public static RequestChecksumCalculation requestChecksumCalculation(
      RequestChecksumCalculation explicit, Map<String, String> env) {
    if (explicit != null) {
      return explicit;
    }
    String[] found =
        checksumSetting(
            env,
            "AWS_REQUEST_CHECKSUM_CALCULATION",
            "aws.requestChecksumCalculation",
            "request_checksum_calculation");
    if (found == null) {
      return RequestChecksumCalculation.WHEN_SUPPORTED;
    }
    return switch (found[1].toLowerCase(java.util.Locale.ROOT)) {
      case "when_supported" -> RequestChecksumCalculation.WHEN_SUPPORTED;
      case "when_required" -> RequestChecksumCalculation.WHEN_REQUIRED;
      default -> throw badChecksumSetting(found);
    };
  }

  /**
   * The response checksum setting, resolved like {@link #requestChecksumCalculation} from {@code
   * AWS_RESPONSE_CHECKSUM_VALIDATION}, {@code aws.responseChecksumValidation} and the profile's
   * {@code response_checksum_validation}; null leaves it to the SDK.
   */
  public static ResponseChecksumValidation responseChecksumValidation(Map<String, String> env) {
    String[] found =
        checksumSetting(
            env,
            "AWS_RESPONSE_CHECKSUM_VALIDATION",
            "aws.responseChecksumValidation",
            "response_checksum_validation");
    if (found == null) {
      return null;
    }
    return switch (found[1].toLowerCase(java.util.Locale.ROOT)) {
      case "when_supported" -> ResponseChecksumValidation.WHEN_SUPPORTED;
      case "when_required" -> ResponseChecksumValidation.WHEN_REQUIRED;
      default -> throw badChecksumSetting(found);
    };
  }

  /** {where it was read, the value}, or null when nothing sets it. */
  private static String[] checksumSetting(
      Map<String, String> env, String variable, String property, String profileKey) {
    String value = blankToNull(env.get(variable));
    if (value != null) {
      return new String[] {variable, value};
    }
    value = blankToNull(System.getProperty(property));
    if (value != null) {
      return new String[] {"system property " + property, value};
    }
    String profileName = blankToNull(env.get("AWS_PROFILE"));
    String name = profileName == null ? "default" : profileName;
    try {
      Optional<String> fromProfile =
          ProfileFile.defaultProfileFile().profile(name).flatMap(p -> p.property(profileKey));
      if (fromProfile.isPresent() && !fromProfile.get().isBlank()) {
        return new String[] {profileKey + " in AWS profile '" + name + "'", fromProfile.get()};
      }
    } catch (RuntimeException unreadable) {
      // no readable profile file: the setting is simply not there
    }
    return null;
  }

  private static IllegalArgumentException badChecksumSetting(String[] found) {
    return new IllegalArgumentException(
        found[0]
            + " is '"
            + found[1]
            + "': use when_supported (the default: checksums on every upload) or when_required");
  }

  /**
   * A Bedrock control-plane client of the settings, in the given region.
   *
   * @param attempts the SDK's attempts per call, or empty for its default
   */
  public static BedrockClient bedrock(AwsSettings s, Region region, Optional<Integer> attempts) {
    BedrockClientBuilder builder = BedrockClient.builder().region(region);
    s.credentialsProvider().ifPresent(builder::credentialsProvider);
    s.endpoint(AwsService.BEDROCK).ifPresent(builder::endpointOverride);
    attempts.ifPresent(a -> builder.overrideConfiguration(c -> c.retryStrategy(retries(a))));
    return builder.build();
  }

  /**
   * A Bedrock runtime client of the settings, in the given region.
   *
   * @param attempts the SDK's attempts per call, or empty for its default
   */
  public static BedrockRuntimeClient bedrockRuntime(
      AwsSettings s, Region region, Optional<Integer> attempts) {
    BedrockRuntimeClientBuilder builder = BedrockRuntimeClient.builder().region(region);
    s.credentialsProvider().ifPresent(builder::credentialsProvider);
    s.endpoint(AwsService.BEDROCK_RUNTIME).ifPresent(builder::endpointOverride);
    attempts.ifPresent(a -> builder.overrideConfiguration(c -> c.retryStrategy(retries(a))));
    return builder.build();
  }

  /**
   * An S3 client of the settings that computes and validates checksums only when an operation
   * requires them (see {@link #s3(Region, AwsCredentialsProvider, URI, boolean)}).
   */
  public static S3Client s3(AwsSettings s, Region region) {
    return s3(
        s,
        region,
        RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation.WHEN_REQUIRED);
  }

  /** An S3 client of the settings with the given checksum settings (null: the SDK's). */
  public static S3Client s3(
      AwsSettings s,
      Region region,
      RequestChecksumCalculation calculation,
      ResponseChecksumValidation validation) {
    return s3(
        region,
        s.credentialsProvider().orElse(null),
        s.endpoint(AwsService.S3).orElse(null),
        s.forcePathStyle(),
        calculation,
        validation);
  }

  /**
   * The credentials to use: the explicit provider; else static keys from {@code
   * AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} (and {@code AWS_SESSION_TOKEN}) in the map;
   * else the profile {@code AWS_PROFILE} names; else null, which lets the SDK's default chain
   * decide. Reading the map (not only the process environment) lets a {@code .env} file or a test
   * name the credentials.
   */
  public static AwsCredentialsProvider credentials(
      AwsCredentialsProvider explicit, Map<String, String> env) {
    if (explicit != null) {
      return explicit;
    }
    String keyId = blankToNull(env.get("AWS_ACCESS_KEY_ID"));
    String secret = blankToNull(env.get("AWS_SECRET_ACCESS_KEY"));
    if (keyId != null && secret != null) {
      String session = blankToNull(env.get("AWS_SESSION_TOKEN"));
      return StaticCredentialsProvider.create(
          session == null
              ? AwsBasicCredentials.create(keyId, secret)
              : AwsSessionCredentials.create(keyId, secret, session));
    }
    if (keyId != null || secret != null) {
      throw new IllegalArgumentException(
          (keyId == null ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID")
              + " is set without "
              + (keyId == null ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY")
              + ": set both, or neither to use AWS_PROFILE or the default credentials");
    }
    String profile = blankToNull(env.get("AWS_PROFILE"));
    return profile == null ? null : ProfileCredentialsProvider.create(profile);
  }

  /**
   * {@code AWS_MAX_ATTEMPTS} from the map, or null for the SDK's default (3 attempts with backoff).
   *
   * @throws IllegalArgumentException when the value is not a whole number from 1 to 20
   */
  public static Integer maxAttempts(Map<String, String> env) {
    String value = blankToNull(env.get("AWS_MAX_ATTEMPTS"));
    if (value == null) {
      return null;
    }
    try {
      int attempts = Integer.parseInt(value);
      if (attempts >= 1 && attempts <= 20) {
        return attempts;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "AWS_MAX_ATTEMPTS must be a whole number from 1 to 20, was '" + value + "'");
  }

  private static RetryStrategy retries(int attempts) {
    return attempts == 1
        ? AwsRetryStrategy.doNotRetry()
        : AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(attempts).build();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
