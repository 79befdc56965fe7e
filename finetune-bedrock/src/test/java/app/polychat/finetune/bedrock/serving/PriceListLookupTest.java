package app.polychat.finetune.bedrock.serving;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.bedrock.testing.BedrockWireMock;
import app.polychat.finetune.bedrock.testing.Fixtures;
import app.polychat.finetune.support.Json;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pricing.PricingClient;

/**
 * The AWS Price List Query API behind the real {@link PricingClient}, as botocore's {@code
 * pricing/2017-10-15/service-2.json} describes it: protocol {@code json} 1.1, {@code X-Amz-Target:
 * AWSPriceListService.GetProducts}, {@code POST /}; {@code GetProductsRequest} {ServiceCode
 * (required), Filters [{Type: TERM_MATCH, Field, Value}], FormatVersion, NextToken, MaxResults
 * 1-100}; {@code GetProductsResponse} {FormatVersion, PriceList, NextToken} where {@code PriceList}
 * is {@code PriceListJsonItems}: a list of strings ({@code jsonvalue}), each one product as JSON
 * text ({@code product.attributes}, {@code terms.OnDemand.*.priceDimensions.*.pricePerUnit.USD}).
 * Errors are {@code {"__type": "AccessDeniedException", "Message": ...}}.
 *
 * <p>The attribute names ({@code usagetype}, {@code regionCode}, {@code model}) and the usage-type
 * spelling ({@code USE1-NovaLite-ProvisionedThroughput-NoCommit-ModelUnits}) follow public dumps of
 * the AmazonBedrock price list; the dollar figures here are made up for the test and are not AWS
 * prices.
 */
class PriceListLookupTest {
  private static final String TARGET = "AWSPriceListService.GetProducts";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private WireMockServer server;
  private PricingClient client;

  @BeforeEach
  void start() {
    server =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    client =
        PricingClient.builder()
            .endpointOverride(java.net.URI.create("http://127.0.0.1:" + server.port()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "test-secret")))
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop();
  }

  /** One PriceList entry: a product as JSON text, priced per unit of {@code unit}. */
  static String product(String usageType, String model, String unit, String usd) {
    return """
        {"product": {"productFamily": "Amazon Bedrock", "sku": "SKU1",
          "attributes": {"usagetype": "%s", "regionCode": "us-east-1", "location": "US East (N. Virginia)",
            "servicecode": "AmazonBedrock", "model": "%s"}},
         "serviceCode": "AmazonBedrock",
         "terms": {"OnDemand": {"SKU1.JRTCKXETXF": {"sku": "SKU1", "offerTermCode": "JRTCKXETXF",
           "effectiveDate": "2026-11-01T00:00:00Z", "termAttributes": {},
           "priceDimensions": {"SKU1.JRTCKXETXF.6YS6EN2CT7": {"unit": "%s", "beginRange": "0",
             "endRange": "Inf", "description": "test", "appliesTo": [], "rateCode": "SKU1.JRTCKXETXF.6YS6EN2CT7",
             "pricePerUnit": {"USD": "%s"}}}}}},
         "version": "20261101000000", "publicationDate": "2026-11-01T00:00:00Z"}
        """
        .formatted(usageType, model, unit, usd);
  }

  /** A GetProducts answer: PriceList holds JSON strings, not objects. */
  static String page(String nextToken, String... products) {
    var body = Json.mapper().createObjectNode();
    body.put("FormatVersion", "aws_v1");
    var list = body.putArray("PriceList");
    for (String p : products) {
      list.add(p); // a string element, as the API model's PriceListJsonItems says
    }
    if (nextToken != null) {
      body.put("NextToken", nextToken);
    }
    return body.toString();
  }

  private void answer(String requestToken, String body) {
    var request =
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(TARGET))
            .withRequestBody(
                requestToken == null
                    ? matchingJsonPath("$.ServiceCode", equalTo("AmazonBedrock"))
                    : matchingJsonPath("$.NextToken", equalTo(requestToken)));
    if (requestToken == null) {
      request =
          request.withRequestBody(
              com.github.tomakehurst.wiremock.client.WireMock.notContaining("NextToken"));
    }
    server.stubFor(
        request.willReturn(
            aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(body)));
  }

  private PriceListLookup lookup(Path cache) {
    return PriceListLookup.builder().pricingClient(client).cacheFile(cache).clock(CLOCK).build();
  }

  @Test
  void find_readsEveryPageAndReturnsTheHourlyNoCommitmentPriceWithItsSourceAndDate() {
    answer(
        null,
        page(
            "page2",
            product("USE1-NovaLite-input-tokens", "Nova Lite", "1K tokens", "0.0000600000"),
            product(
                "USE1-Nova2.0Lite-ProvisionedThroughput-NoCommit-ModelUnits",
                "Nova 2.0 Lite",
                "Hrs",
                "99.0000000000")));
    answer(
        "page2",
        page(
            null,
            product(
                "USE1-NovaLite-ProvisionedThroughput-1Month-ModelUnits",
                "Nova Lite",
                "Hrs",
                "11.0000000000"),
            product(
                "USE1-NovaLite-ProvisionedThroughput-NoCommit-ModelUnits",
                "Nova Lite",
                "Hrs",
                "12.3400000000")));
    Path cache = dir.resolve("prices-cache.json");

    ProvisionedPriceLookup.Result result;
    try (PriceListLookup lookup = lookup(cache)) {
      result = lookup.find("amazon.nova-lite-v1:0:300k", "us-east-1", Commitment.NONE);
    }

    assertThat(result.isFound()).as(String.valueOf(result.reason())).isTrue();
    assertThat(result.perUnitHour()).isEqualByComparingTo("12.34");
    assertThat(result.source().description())
        .contains("AWS Price List API (pricing:GetProducts AmazonBedrock")
        .contains("USE1-NovaLite-ProvisionedThroughput-NoCommit-ModelUnits");
    assertThat(result.source().asOf()).isEqualTo(LocalDate.of(2026, 12, 4));
    server.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(TARGET))
            .withRequestBody(
                equalToJson(
                    """
                    {"ServiceCode": "AmazonBedrock",
                     "Filters": [{"Type": "TERM_MATCH", "Field": "regionCode", "Value": "us-east-1"}],
                     "FormatVersion": "aws_v1", "MaxResults": 100}
                    """)));
    server.verify(2, postRequestedFor(urlEqualTo("/")));

    // cached with its date: a later lookup (another process) answers without asking again
    assertThat(
            Json.parse(readString(cache)).path("us-east-1|nova-lite|NONE").path("fetched").asText())
        .isEqualTo("2026-12-04");
    try (PriceListLookup again = lookup(cache)) {
      ProvisionedPriceLookup.Result cached =
          again.find("amazon.nova-lite-v1:0:300k", "us-east-1", Commitment.NONE);
      assertThat(cached.perUnitHour()).isEqualByComparingTo("12.34");
      assertThat(cached.source().description()).endsWith(", cached");
      assertThat(cached.source().asOf()).isEqualTo(LocalDate.of(2026, 12, 4));
    }
    server.verify(2, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void find_whenThePriceListHasNoProvisionedPrice_saysSoInsteadOfGuessing() {
    answer(
        null,
        page(
            null,
            product("USE1-NovaPro-input-tokens", "Nova Pro", "1K tokens", "0.0008000000"),
            product("USE1-NovaPro-Customization-Storage", "Nova Pro", "Month", "1.9500000000")));
    try (PriceListLookup lookup = lookup(null)) {
      ProvisionedPriceLookup.Result result =
          lookup.find("amazon.nova-pro-v1:0:300k", "us-east-1", Commitment.NONE);
      assertThat(result.isFound()).isFalse();
      assertThat(result.reason())
          .isEqualTo(
              "the AWS Price List API lists no hourly price for Amazon Nova Pro provisioned"
                  + " throughput (no commitment) in us-east-1");
    }
  }

  @Test
  void find_withTwoDifferentPricesForTheSameModelAndTerm_choosesNone() {
    answer(
        null,
        page(
            null,
            product(
                "USE1-NovaMicro-ProvisionedThroughput-NoCommit-ModelUnits",
                "Nova Micro",
                "Hrs",
                "5.0000000000"),
            product(
                "USE1-NovaMicro-ProvisionedThroughput-NoCommit-ModelUnitsB",
                "Nova Micro",
                "Hrs",
                "6.0000000000")));
    try (PriceListLookup lookup = lookup(null)) {
      ProvisionedPriceLookup.Result result =
          lookup.find("amazon.nova-micro-v1:0:128k", "us-east-1", Commitment.NONE);
      assertThat(result.isFound()).isFalse();
      assertThat(result.reason()).contains("several prices").contains("none is chosen");
    }
  }

  @Test
  void find_whenTheCredentialsMayNotAsk_reportsTheRefusalWithoutASecret() {
    server.stubFor(
        post(urlEqualTo("/"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        "{\"__type\": \"AccessDeniedException\", \"Message\": \"User is not"
                            + " authorized to perform: pricing:GetProducts\"}")));
    try (PriceListLookup lookup = lookup(null)) {
      ProvisionedPriceLookup.Result result =
          lookup.find("amazon.nova-lite-v1:0:300k", "us-east-1", Commitment.NONE);
      assertThat(result.isFound()).isFalse();
      assertThat(result.reason())
          .contains("refused the lookup (AccessDeniedException")
          .contains("pricing:GetProducts")
          .doesNotContain("test-secret");
    }
  }

  @Test
  void deployments_priceProvisionedThroughputFromThePriceList() {
    // ModelDeployments with the real lookup: the notice shows the Price List's figure and source
    answer(
        null,
        page(
            null,
            product(
                "USE1-NovaLite-ProvisionedThroughput-NoCommit-ModelUnits",
                "Nova Lite",
                "Hrs",
                "12.3400000000")));
    try (BedrockWireMock bedrock = new BedrockWireMock();
        var bedrockClient = bedrock.clientWithoutRetries();
        PriceListLookup lookup = lookup(null);
        ModelDeployments deployments =
            ModelDeployments.builder()
                .bedrockClient(bedrockClient)
                .provisionedPriceLookup(lookup)
                .build()) {
      Fixtures.stubCustomModel(bedrock.server, Fixtures.MODEL, "Active");
      DeploymentCostNotice notice =
          deployments.costNotice(
              DeploymentRequest.builder().modelArn(Fixtures.MODEL).provisioned(1).build());
      assertThat(notice.text())
          .contains("$12.34 per hour, about $9,008.20 per month")
          .contains("Price: AWS Price List API (pricing:GetProducts AmazonBedrock")
          .contains("as of 2026-12-04");
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
