package app.polychat.finetune.bedrock.serving;

import app.polychat.finetune.bedrock.aws.AwsService;
import app.polychat.finetune.bedrock.aws.AwsSettings;
import app.polychat.finetune.bedrock.internal.ClientLease;
import app.polychat.finetune.cost.PriceSource;
import app.polychat.finetune.support.Json;
import app.polychat.finetune.validate.ModelRules;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.PricingClientBuilder;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;
import software.amazon.awssdk.services.pricing.model.PricingException;

/**
 * Provisioned-throughput prices from the AWS Price List Query API ({@code pricing:GetProducts},
 * service code {@code AmazonBedrock}), cached in a file with the date they were fetched.
 *
 * <p>What the Price List holds for Bedrock, as far as could be checked offline: products of service
 * code {@code AmazonBedrock} carry the attributes {@code regionCode}, {@code location}, {@code
 * model}, {@code feature}, {@code inferenceType} and {@code usagetype}; token prices have usage
 * types such as {@code USE1-NovaLite-input-tokens}, and third-party dumps show provisioned
 * throughput as {@code USE1-Nova2.0Lite-ProvisionedThroughput-NoCommit-ModelUnits} priced per hour.
 * The exact usage types of every Nova model and of committed terms could not be verified without
 * credentials, so matching is deliberately narrow: the product's usage type (or {@code model}) must
 * name the model, {@code ProvisionedThroughput}, and the term ({@code NoCommit}, {@code 1Month},
 * {@code 6Month}), priced per hour. Anything else, or two different prices for the same match, is
 * "not found" with the reason: the caller then says the price is unknown instead of guessing.
 *
 * <pre>{@code
 * try (PriceListLookup prices = PriceListLookup.builder().cacheFile(Path.of(".prices.json")).build()) {
 *   ProvisionedPriceLookup.Result r = prices.find("amazon.nova-lite-v1:0:300k", "us-east-1", Commitment.NONE);
 * }
 * }</pre>
 */
public final class PriceListLookup implements ProvisionedPriceLookup, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PriceListLookup.class);

  /** The Price List service code of Amazon Bedrock. */
  public static final String SERVICE_CODE = "AmazonBedrock";

  /** The Price List API answers in us-east-1 (and eu-central-1, ap-south-1). */
  public static final Region PRICE_LIST_REGION = Region.US_EAST_1;

  private final PricingClient pricing;
  private final ClientLease<PricingClient> lease;
  private final Path cacheFile;
  private final Duration cacheMaxAge;
  private final int maxPages;
  private final Clock clock;
  private final Map<String, Result> asked = new java.util.concurrent.ConcurrentHashMap<>();

  private PriceListLookup(Builder b) {
    AwsSettings aws = b.aws.build();
    this.lease =
        ClientLease.of(
            aws.pricingClient(),
            () -> {
              PricingClientBuilder builder =
                  PricingClient.builder()
                      .region(PRICE_LIST_REGION)
                      .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(20)));
              aws.credentialsProvider().ifPresent(builder::credentialsProvider);
              aws.endpoint(AwsService.PRICING).ifPresent(builder::endpointOverride);
              return builder.build();
            });
    this.pricing = lease.client();
    this.cacheFile = b.cacheFile;
    this.cacheMaxAge = b.cacheMaxAge;
    this.maxPages = b.maxPages;
    this.clock = b.clock;
  }

  /** {@return a builder with the defaults described on each setter} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Result find(String baseModelId, String region, Commitment commitment) {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(commitment, "commitment");
    Optional<ModelRules> model = ModelRules.find(baseModelId);
    if (model.isEmpty()) {
      return Result.notFound("the toolkit does not know the base model " + baseModelId);
    }
    String key = region + "|" + model.get().alias() + "|" + commitment.name();
    Result known = asked.get(key);
    if (known != null) {
      return known;
    }
    Optional<Result> cached = fromCache(key);
    if (cached.isPresent()) {
      asked.put(key, cached.get());
      return cached.get();
    }
    Result result = ask(model.get(), region, commitment);
    if (result.isFound()) {
      toCache(key, result);
    }
    asked.put(key, result); // one question per key and run, found or not
    return result;
  }

  private Result ask(ModelRules model, String region, Commitment commitment) {
    List<String> tokens = modelTokens(model);
    Set<BigDecimal> prices = new LinkedHashSet<>();
    Set<BigDecimal> customPrices = new LinkedHashSet<>();
    String usageType = null;
    String customUsageType = null;
    String nextToken = null;
    int pages = 0;
    try {
      do {
        String token = nextToken;
        GetProductsResponse page =
            pricing.getProducts(
                r ->
                    r.serviceCode(SERVICE_CODE)
                        .formatVersion("aws_v1")
                        .maxResults(100)
                        .nextToken(token)
                        .filters(
                            Filter.builder()
                                .type(FilterType.TERM_MATCH)
                                .field("regionCode")
                                .value(region)
                                .build()));
        for (String item : page.priceList()) {
          Match m = match(item, tokens, commitment);
          if (m != null) {
            prices.add(m.price());
            usageType = m.usageType();
            if (m.usageType().toLowerCase(Locale.ROOT).contains("custom")) {
              customPrices.add(m.price());
              customUsageType = m.usageType();
            }
          }
        }
        nextToken = page.nextToken();
        pages++;
      } while (nextToken != null && !nextToken.isEmpty() && pages < maxPages);
    } catch (PricingException e) {
      int status = e.statusCode();
      return Result.notFound(
          status == 403 || status == 400
              ? "the AWS Price List API refused the lookup ("
                  + (e.awsErrorDetails() == null
                      ? "HTTP " + status
                      : e.awsErrorDetails().errorCode())
                  + "; the credentials need pricing:GetProducts)"
              : "the AWS Price List API failed (HTTP " + status + ")");
    } catch (SdkClientException e) {
      return Result.notFound(
          "the AWS Price List API could not be asked (no AWS credentials, or no network)");
    } catch (SdkException e) {
      return Result.notFound(
          "the AWS Price List API failed (" + e.getClass().getSimpleName() + ")");
    }
    Set<BigDecimal> chosen = customPrices.isEmpty() ? prices : customPrices;
    String chosenType = customPrices.isEmpty() ? usageType : customUsageType;
    String what =
        model.displayName() + " provisioned throughput (" + describe(commitment) + ") in " + region;
    if (chosen.isEmpty()) {
      return Result.notFound(
          "the AWS Price List API lists no hourly price for "
              + what
              + (pages >= maxPages ? " in the first " + pages + " pages" : ""));
    }
    if (chosen.size() > 1) {
      return Result.notFound(
          "the AWS Price List API lists several prices for "
              + what
              + " "
              + chosen
              + "; none is chosen");
    }
    LocalDate today = LocalDate.now(clock);
    return Result.found(
        chosen.iterator().next(),
        PriceSource.of(
            "AWS Price List API (pricing:GetProducts "
                + SERVICE_CODE
                + ", usagetype "
                + chosenType
                + ")",
            today));
  }

  private record Match(BigDecimal price, String usageType) {}

  /** The product's hourly provisioned price when it is the one asked for, else null. */
  static Match match(String priceListItem, List<String> modelTokens, Commitment commitment) {
    JsonNode item;
    try {
      item = Json.mapper().readTree(priceListItem);
    } catch (IOException e) {
      return null; // PriceList entries are JSON strings; skip one that is not
    }
    JsonNode attributes = item.path("product").path("attributes");
    String usageType = attributes.path("usagetype").asText("");
    String name = normalize(usageType + " " + attributes.path("model").asText(""));
    String type = normalize(usageType);
    if (!type.contains("provisionedthroughput") || modelTokens.stream().noneMatch(name::contains)) {
      return null;
    }
    boolean term =
        switch (commitment) {
          case NONE -> type.contains("nocommit");
          case ONE_MONTH -> type.contains("1month") || type.contains("onemonth");
          case SIX_MONTHS -> type.contains("6month") || type.contains("sixmonth");
        };
    if (!term) {
      return null;
    }
    for (JsonNode offer : item.path("terms").path("OnDemand")) {
      for (JsonNode dimension : offer.path("priceDimensions")) {
        String unit = dimension.path("unit").asText("").toLowerCase(Locale.ROOT);
        JsonNode usd = dimension.path("pricePerUnit").path("USD");
        if (!(unit.contains("hour") || unit.contains("hrs")) || !usd.isTextual()) {
          continue;
        }
        try {
          BigDecimal price = new BigDecimal(usd.textValue());
          if (price.signum() > 0) {
            return new Match(price.stripTrailingZeros(), usageType);
          }
        } catch (NumberFormatException e) {
          // not a price: skip the dimension
        }
      }
    }
    return null;
  }

  /**
   * How a model may be spelled in a usage type: NovaLite, Nova2.0Lite, ... (letters and digits).
   */
  static List<String> modelTokens(ModelRules model) {
    List<String> tokens = new ArrayList<>();
    tokens.add(normalize(model.alias()));
    if (model.alias().equals("nova-2-lite")) {
      tokens.add("nova20lite");
    }
    return tokens;
  }

  private static String normalize(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static String describe(Commitment commitment) {
    return switch (commitment) {
      case NONE -> "no commitment";
      case ONE_MONTH -> "1-month commitment";
      case SIX_MONTHS -> "6-month commitment";
    };
  }

  private Optional<Result> fromCache(String key) {
    if (cacheFile == null || !Files.isRegularFile(cacheFile)) {
      return Optional.empty();
    }
    try {
      JsonNode entry = Json.mapper().readTree(cacheFile.toFile()).path(key);
      if (!entry.isObject()) {
        return Optional.empty();
      }
      LocalDate fetched = LocalDate.parse(entry.path("fetched").asText());
      if (fetched.plusDays(cacheMaxAge.toDays()).isBefore(LocalDate.now(clock))) {
        return Optional.empty();
      }
      return Optional.of(
          Result.found(
              new BigDecimal(entry.path("perUnitHour").asText()),
              PriceSource.of(entry.path("source").asText() + ", cached", fetched)));
    } catch (IOException | DateTimeParseException | NumberFormatException e) {
      log.debug("ignoring the price cache {}: {}", cacheFile, e.getMessage());
      return Optional.empty();
    }
  }

  private void toCache(String key, Result result) {
    if (cacheFile == null) {
      return;
    }
    try {
      ObjectNode root =
          Files.isRegularFile(cacheFile)
                  && Json.mapper().readTree(cacheFile.toFile()) instanceof ObjectNode existing
              ? existing
              : Json.mapper().createObjectNode();
      ObjectNode entry = root.putObject(key);
      entry.put("perUnitHour", result.perUnitHour().toPlainString());
      entry.put("source", result.source().description());
      entry.put("fetched", result.source().asOf().toString());
      Path parent = cacheFile.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, ".prices", ".tmp");
      Files.writeString(temp, Json.writePretty(root), StandardCharsets.UTF_8);
      Files.move(
          temp, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      log.warn("could not cache the price in {}: {}", cacheFile, e.getMessage());
    }
  }

  /** Closes the client this object built; an injected one stays open. */
  @Override
  public void close() {
    lease.close();
  }

  @Override
  public String toString() {
    return "PriceListLookup{"
        + SERVICE_CODE
        + (cacheFile == null ? "" : ", cache " + cacheFile)
        + "}";
  }

  /** Builds a {@link PriceListLookup}. */
  public static final class Builder {
    private AwsSettings.Builder aws = AwsSettings.builder();
    private Path cacheFile;
    private Duration cacheMaxAge = Duration.ofDays(7);
    private int maxPages = 40;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The AWS settings: region, credentials, endpoints, clients to borrow (default {@link
     * AwsSettings#fromEnvironment()}). Replaces what the AWS setters of this builder set before it.
     *
     * @param aws the AWS settings: region, credentials, endpoints, clients to borrow (default
     *     {@link AwsSettings#fromEnvironment()})
     * @return this builder
     */
    public Builder aws(AwsSettings aws) {
      this.aws = Objects.requireNonNull(aws, "aws").toBuilder();
      return this;
    }

    /**
     * A Price List client to use instead of building one; it is not closed by {@link #close()}.
     *
     * @param pricingClient a Price List client to use instead of building one; it is not closed by
     *     {@link #close()}
     * @return this builder
     */
    public Builder pricingClient(PricingClient pricingClient) {
      aws.pricingClient(pricingClient);
      return this;
    }

    /**
     * Credentials for the client built here (default: from the environment map, as elsewhere).
     *
     * @param credentials credentials for the client built here (default: from the environment map,
     *     as elsewhere)
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      aws.credentialsProvider(credentials);
      return this;
    }

    /**
     * The Price List endpoint (default {@code AWS_ENDPOINT_URL_PRICING}, then AWS's).
     *
     * @param endpointOverride the Price List endpoint (default {@code AWS_ENDPOINT_URL_PRICING},
     *     then AWS's)
     * @return this builder
     */
    public Builder endpointOverride(URI endpointOverride) {
      aws.endpointOverride(AwsService.PRICING, endpointOverride);
      return this;
    }

    /**
     * Where the {@code AWS_*} settings are read from; default the process environment.
     *
     * @param environment the variables, by name
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      aws.environment(environment);
      return this;
    }

    /**
     * A JSON file where fetched prices are kept with their date (default: none, no cache).
     *
     * @param cacheFile a JSON file where fetched prices are kept with their date (default: none, no
     *     cache)
     * @return this builder
     */
    public Builder cacheFile(Path cacheFile) {
      this.cacheFile = cacheFile;
      return this;
    }

    /**
     * How long a cached price is used before it is fetched again (default 7 days).
     *
     * @param cacheMaxAge how long a cached price is used before it is fetched again (default 7
     *     days)
     * @return this builder
     */
    public Builder cacheMaxAge(Duration cacheMaxAge) {
      Objects.requireNonNull(cacheMaxAge, "cacheMaxAge");
      if (cacheMaxAge.isNegative()) {
        throw new IllegalArgumentException("cacheMaxAge must not be negative, was " + cacheMaxAge);
      }
      this.cacheMaxAge = cacheMaxAge;
      return this;
    }

    /**
     * Pages of 100 products read at most per lookup (default 40).
     *
     * @param maxPages pages of 100 products read at most per lookup (default 40)
     * @return this builder
     */
    public Builder maxPages(int maxPages) {
      if (maxPages < 1) {
        throw new IllegalArgumentException("maxPages must be >= 1, was " + maxPages);
      }
      this.maxPages = maxPages;
      return this;
    }

    /**
     * The clock for the fetch date and the cache's age.
     *
     * @param clock the clock for the fetch date and the cache's age
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** {@return the lookup} */
    public PriceListLookup build() {
      return new PriceListLookup(this);
    }
  }
}
