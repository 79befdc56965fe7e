package app.polychat.finetune.bedrock.aws;

import app.polychat.finetune.bedrock.internal.AwsClients;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One immutable set of AWS settings that every AWS component of the Bedrock module takes on its
 * builder ({@code aws(settings)}): region, credentials, profile, endpoint overrides, S3 path style,
 * retry attempts, and clients to borrow instead of building. Whatever is not set explicitly is read
 * from an environment map taken once (the process environment, or one merged with a {@code .env}
 * file), the way the AWS CLI reads it: {@code AWS_REGION}/{@code AWS_DEFAULT_REGION}, {@code
 * AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/{@code AWS_SESSION_TOKEN}, {@code AWS_PROFILE},
 * {@code AWS_ENDPOINT_URL_<SERVICE>}/{@code AWS_ENDPOINT_URL}, {@code S3_FORCE_PATH_STYLE}, {@code
 * AWS_MAX_ATTEMPTS} and the checksum settings.
 *
 * <p>A component closes only the clients it built; a client given here is borrowed and left open.
 * {@link #toString()} shows no credentials and no environment values.
 *
 * <pre>{@code
 * AwsSettings aws = AwsSettings.fromEnvironment();
 * try (S3DatasetStore store = S3DatasetStore.builder().aws(aws).bucket("my-bucket").build();
 *     BedrockCustomizationBackend backend = BedrockCustomizationBackend.builder().aws(aws).build()) {
 *   ...
 * }
 * }</pre>
 */
public final class AwsSettings {
  private final Map<String, String> environment;
  private final String region;
  private final AwsCredentialsProvider credentials;
  private final String profile;
  private final Map<AwsService, URI> endpoints;
  private final Boolean forcePathStyle;
  private final BedrockClient bedrockClient;
  private final BedrockRuntimeClient runtimeClient;
  private final S3Client s3Client;
  private final PricingClient pricingClient;
  private final LambdaClient lambdaClient;

  private AwsSettings(Builder b) {
    this.environment = b.environment;
    this.region = b.region;
    this.credentials = b.credentials;
    this.profile = b.profile;
    this.endpoints = Map.copyOf(b.endpoints);
    this.forcePathStyle = b.forcePathStyle;
    this.bedrockClient = b.bedrockClient;
    this.runtimeClient = b.runtimeClient;
    this.s3Client = b.s3Client;
    this.pricingClient = b.pricingClient;
    this.lambdaClient = b.lambdaClient;
  }

  /**
   * The settings of the process environment.
   *
   * @return settings that read {@code System.getenv()}, taken now
   */
  public static AwsSettings fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * The settings of an environment map, e.g. the process environment merged with a {@code .env}
   * file.
   *
   * @param environment the variables to read; copied
   * @return the settings
   */
  public static AwsSettings fromEnvironment(Map<String, String> environment) {
    return builder().environment(environment).build();
  }

  /**
   * A builder reading the process environment unless {@link Builder#environment} says otherwise.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these settings, to change some of them.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.environment = environment;
    b.region = region;
    b.credentials = credentials;
    b.profile = profile;
    b.endpoints.putAll(endpoints);
    b.forcePathStyle = forcePathStyle;
    b.bedrockClient = bedrockClient;
    b.runtimeClient = runtimeClient;
    b.s3Client = s3Client;
    b.pricingClient = pricingClient;
    b.lambdaClient = lambdaClient;
    return b;
  }

  /**
   * The region: the explicit one, else {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, the SDK's
   * chain (profile, instance metadata), and finally us-east-1, where Nova customization lives.
   *
   * @return the region, never null
   */
  public Region region() {
    return AwsClients.region(region, environment);
  }

  /**
   * The region a component uses when none is set, read from an environment map.
   *
   * @param environment the variables to read, e.g. {@code System.getenv()}
   * @return the region, never null
   * @see #region()
   */
  public static Region regionFrom(Map<String, String> environment) {
    return fromEnvironment(environment).region();
  }

  /**
   * The credentials for the clients a component builds: the explicit provider; else the explicit
   * profile; else static keys from {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} (with
   * {@code AWS_SESSION_TOKEN}); else {@code AWS_PROFILE}; else empty, which leaves them to the
   * SDK's default chain.
   *
   * @return the provider, or empty for the SDK's chain
   * @throws IllegalArgumentException when only one of the two key variables is set
   */
  public Optional<AwsCredentialsProvider> credentialsProvider() {
    if (credentials != null) {
      return Optional.of(credentials);
    }
    if (profile != null) {
      return Optional.of(ProfileCredentialsProvider.create(profile));
    }
    return Optional.ofNullable(AwsClients.credentials(null, environment));
  }

  /**
   * The named profile: the explicit one, else {@code AWS_PROFILE}.
   *
   * @return the profile's name, or empty for the default
   */
  public Optional<String> profile() {
    if (profile != null) {
      return Optional.of(profile);
    }
    String fromEnv = environment.get("AWS_PROFILE");
    return fromEnv == null || fromEnv.isBlank() ? Optional.empty() : Optional.of(fromEnv.trim());
  }

  /**
   * A service's endpoint: the explicit override, else the service's variable, else {@code
   * AWS_ENDPOINT_URL}.
   *
   * @param service the service
   * @return the endpoint, or empty for the AWS one
   * @throws IllegalArgumentException when a variable is not a URL (the message names it)
   */
  public Optional<URI> endpoint(AwsService service) {
    Objects.requireNonNull(service, "service");
    return AwsClients.endpoint(endpoints.get(service), environment, service.endpointVariable());
  }

  /**
   * Whether S3 is addressed path-style (for S3-compatible servers): the explicit choice, else
   * {@code S3_FORCE_PATH_STYLE=true}.
   *
   * @return true for path-style addressing
   */
  public boolean forcePathStyle() {
    return AwsClients.forcePathStyle(forcePathStyle, environment);
  }

  /**
   * {@code AWS_MAX_ATTEMPTS}: the SDK's attempts per call for the clients a component builds.
   *
   * @return 1 to 20, or empty for the SDK's default (3 with backoff)
   * @throws IllegalArgumentException when the value is not a whole number from 1 to 20
   */
  public Optional<Integer> maxAttempts() {
    return Optional.ofNullable(AwsClients.maxAttempts(environment));
  }

  /**
   * The S3 request checksum setting as the AWS SDKs resolve it: {@code
   * AWS_REQUEST_CHECKSUM_CALCULATION}, the system property {@code aws.requestChecksumCalculation},
   * the profile's {@code request_checksum_calculation}, else {@code WHEN_SUPPORTED}.
   *
   * @return the setting
   * @throws IllegalArgumentException when a value is neither {@code when_supported} nor {@code
   *     when_required}, naming where it was read
   */
  public RequestChecksumCalculation requestChecksumCalculation() {
    return AwsClients.requestChecksumCalculation(null, environment);
  }

  /**
   * The S3 response checksum setting, read like {@link #requestChecksumCalculation()}.
   *
   * @return the setting, or empty to leave it to the SDK
   */
  public Optional<ResponseChecksumValidation> responseChecksumValidation() {
    return Optional.ofNullable(AwsClients.responseChecksumValidation(environment));
  }

  /**
   * The Bedrock client components borrow instead of building one.
   *
   * @return the client, or empty
   */
  public Optional<BedrockClient> bedrockClient() {
    return Optional.ofNullable(bedrockClient);
  }

  /**
   * The Bedrock runtime client components borrow instead of building one.
   *
   * @return the client, or empty
   */
  public Optional<BedrockRuntimeClient> runtimeClient() {
    return Optional.ofNullable(runtimeClient);
  }

  /**
   * The S3 client components borrow instead of building one.
   *
   * @return the client, or empty
   */
  public Optional<S3Client> s3Client() {
    return Optional.ofNullable(s3Client);
  }

  /**
   * The Price List client components borrow instead of building one.
   *
   * @return the client, or empty
   */
  public Optional<PricingClient> pricingClient() {
    return Optional.ofNullable(pricingClient);
  }

  /**
   * The Lambda client components borrow instead of building one.
   *
   * @return the client, or empty
   */
  public Optional<LambdaClient> lambdaClient() {
    return Optional.ofNullable(lambdaClient);
  }

  /** Region, profile and endpoints as set; never credentials or environment values. */
  @Override
  public String toString() {
    StringJoiner out = new StringJoiner(", ", "AwsSettings{", "}");
    out.add("region=" + (region == null ? "from environment" : region));
    if (credentials != null) {
      out.add("credentials=" + credentials.getClass().getSimpleName());
    }
    if (profile != null) {
      out.add("profile=" + profile);
    }
    endpoints.forEach((service, uri) -> out.add(service + "=" + uri));
    if (forcePathStyle != null) {
      out.add("forcePathStyle=" + forcePathStyle);
    }
    StringJoiner borrowed = new StringJoiner(",", "[", "]");
    if (bedrockClient != null) {
      borrowed.add("bedrock");
    }
    if (runtimeClient != null) {
      borrowed.add("bedrock-runtime");
    }
    if (s3Client != null) {
      borrowed.add("s3");
    }
    if (pricingClient != null) {
      borrowed.add("pricing");
    }
    if (lambdaClient != null) {
      borrowed.add("lambda");
    }
    if (borrowed.length() > 2) {
      out.add("borrowedClients=" + borrowed);
    }
    return out.toString();
  }

  /** Builds {@link AwsSettings}; every setting is optional. */
  public static final class Builder {
    private Map<String, String> environment = Map.copyOf(System.getenv());
    private String region;
    private AwsCredentialsProvider credentials;
    private String profile;
    private final Map<AwsService, URI> endpoints = new EnumMap<>(AwsService.class);
    private Boolean forcePathStyle;
    private BedrockClient bedrockClient;
    private BedrockRuntimeClient runtimeClient;
    private S3Client s3Client;
    private PricingClient pricingClient;
    private LambdaClient lambdaClient;

    private Builder() {}

    /**
     * Where the {@code AWS_*} settings not set here are read from; default the process environment.
     *
     * @param environment the variables; copied
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
      return this;
    }

    /**
     * The region, e.g. {@code us-east-1}; null or blank reads the environment.
     *
     * @param region the region's id
     * @return this builder
     */
    public Builder region(String region) {
      this.region = region == null || region.isBlank() ? null : region.trim();
      return this;
    }

    /**
     * Credentials for the clients components build (default: the environment's keys or profile,
     * else the SDK's chain); null reads the environment.
     *
     * @param credentials the provider
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      this.credentials = credentials;
      return this;
    }

    /**
     * A named profile of {@code ~/.aws/credentials} (default {@code AWS_PROFILE}).
     *
     * @param profile the profile's name
     * @return this builder
     */
    public Builder profile(String profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /**
     * An endpoint for one service (default its {@code AWS_ENDPOINT_URL_*} variable, then {@code
     * AWS_ENDPOINT_URL}); null removes an override.
     *
     * @param service the service
     * @param endpoint the endpoint, e.g. {@code http://localhost:9000}
     * @return this builder
     */
    public Builder endpointOverride(AwsService service, URI endpoint) {
      Objects.requireNonNull(service, "service");
      if (endpoint == null) {
        endpoints.remove(service);
      } else {
        endpoints.put(service, endpoint);
      }
      return this;
    }

    /**
     * Path-style S3 addressing, for S3-compatible servers (default {@code S3_FORCE_PATH_STYLE}).
     *
     * @param forcePathStyle true for path-style
     * @return this builder
     */
    public Builder forcePathStyle(boolean forcePathStyle) {
      this.forcePathStyle = forcePathStyle;
      return this;
    }

    /**
     * A Bedrock client to borrow; components do not close it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder bedrockClient(BedrockClient client) {
      this.bedrockClient = client;
      return this;
    }

    /**
     * A Bedrock runtime client to borrow; components do not close it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder runtimeClient(BedrockRuntimeClient client) {
      this.runtimeClient = client;
      return this;
    }

    /**
     * An S3 client to borrow; components do not close it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder s3Client(S3Client client) {
      this.s3Client = client;
      return this;
    }

    /**
     * A Price List client to borrow; components do not close it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder pricingClient(PricingClient client) {
      this.pricingClient = client;
      return this;
    }

    /**
     * A Lambda client to borrow; components do not close it.
     *
     * @param client the client
     * @return this builder
     */
    public Builder lambdaClient(LambdaClient client) {
      this.lambdaClient = client;
      return this;
    }

    /**
     * The settings.
     *
     * @return immutable settings
     */
    public AwsSettings build() {
      return new AwsSettings(this);
    }
  }
}
