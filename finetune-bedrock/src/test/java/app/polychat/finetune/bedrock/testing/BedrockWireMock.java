package app.polychat.finetune.bedrock.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/** WireMock standing in for the Bedrock control plane, and real SDK clients pointed at it. */
public final class BedrockWireMock implements AutoCloseable {
  public static final String ACCOUNT = "123456789012";
  public static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/BedrockFineTuning";

  public final WireMockServer server;

  public BedrockWireMock() {
    server =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** A client that does not retry: each stubbed answer reaches the backend as it is. */
  public BedrockClient clientWithoutRetries() {
    return client(AwsRetryStrategy.doNotRetry());
  }

  /** A client with the SDK's standard retries, but millisecond backoff so tests stay fast. */
  public BedrockClient clientWithFastRetries() {
    BackoffStrategy fast = BackoffStrategy.fixedDelay(Duration.ofMillis(5));
    return client(
        AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(3)
            .backoffStrategy(fast)
            .throttlingBackoffStrategy(fast)
            .build());
  }

  /** A runtime (Converse) client that does not retry. */
  public BedrockRuntimeClient runtimeWithoutRetries() {
    return runtime(AwsRetryStrategy.doNotRetry());
  }

  /** A runtime client with the SDK's standard retries and millisecond backoff. */
  public BedrockRuntimeClient runtimeWithFastRetries() {
    BackoffStrategy fast = BackoffStrategy.fixedDelay(Duration.ofMillis(5));
    return runtime(
        AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(3)
            .backoffStrategy(fast)
            .throttlingBackoffStrategy(fast)
            .build());
  }

  private BedrockRuntimeClient runtime(RetryStrategy retries) {
    return BedrockRuntimeClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "test-secret")))
        .overrideConfiguration(c -> c.retryStrategy(retries))
        .build();
  }

  /** A custom model's ARN, as Bedrock writes it. */
  public static String customModelArn(String id) {
    return "arn:aws:bedrock:us-east-1:"
        + ACCOUNT
        + ":custom-model/amazon.nova-lite-v1:0:300k/"
        + id;
  }

  /** An on-demand deployment's ARN. */
  public static String deploymentArn(String id) {
    return "arn:aws:bedrock:us-east-1:" + ACCOUNT + ":custom-model-deployment/" + id;
  }

  /** A provisioned throughput's ARN. */
  public static String provisionedArn(String id) {
    return "arn:aws:bedrock:us-east-1:" + ACCOUNT + ":provisioned-model/" + id;
  }

  /** A path segment as the SDK encodes an ARN in a URL. */
  public static String encoded(String arn) {
    return java.net.URLEncoder.encode(arn, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /** The answer Bedrock's Converse gives, with its usage and latency. */
  public static String converseAnswer(String text, int inputTokens, int outputTokens) {
    return "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":"
        + app.polychat.finetune.support.Json.write(text)
        + "}]}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":"
        + inputTokens
        + ",\"outputTokens\":"
        + outputTokens
        + ",\"totalTokens\":"
        + (inputTokens + outputTokens)
        + "},\"metrics\":{\"latencyMs\":"
        + 120
        + "}}";
  }

  private BedrockClient client(RetryStrategy retries) {
    return BedrockClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "test-secret")))
        .overrideConfiguration(c -> c.retryStrategy(retries))
        .build();
  }

  public static String jobArn(String id) {
    return "arn:aws:bedrock:us-east-1:"
        + ACCOUNT
        + ":model-customization-job/amazon.nova-lite-v1:0:300k/"
        + id;
  }

  public static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-RequestId", "11111111-2222-3333-4444-555555555555")
        .withBody(body);
  }

  /** An error as Bedrock sends it: the type in {@code x-amzn-ErrorType}, the message in JSON. */
  public static ResponseDefinitionBuilder error(int status, String type, String message) {
    return json(status, "{\"message\":\"" + message.replace("\"", "\\\"") + "\"}")
        .withHeader(
            "x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
  }

  @Override
  public void close() {
    server.stop();
  }
}
