package app.polychat.finetune.bedrock.evaluation;

import app.polychat.finetune.bedrock.aws.AwsService;
import app.polychat.finetune.bedrock.aws.AwsSettings;
import app.polychat.finetune.bedrock.internal.AwsClients;
import app.polychat.finetune.bedrock.internal.AwsExceptionMapper;
import app.polychat.finetune.bedrock.internal.AwsExceptionMapper.BedrockCall;
import app.polychat.finetune.bedrock.internal.ClientLease;
import app.polychat.finetune.bedrock.internal.ModelIds;
import app.polychat.finetune.bedrock.serving.ModelDeployments;
import app.polychat.finetune.job.BackendException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/**
 * Runs prompts through a model with bedrock-runtime {@code Converse}: a base model or inference
 * profile id ({@code amazon.nova-lite-v1:0}, {@code us.amazon.nova-lite-v1:0}), an on-demand
 * deployment ARN or a provisioned throughput ARN. A custom model's own ARN cannot be invoked:
 * deploy it first ({@link ModelDeployments}).
 *
 * <p>Thread-safe: {@link ModelComparison} calls it from several threads.
 *
 * <pre>{@code
 * try (ModelTester tester = ModelTester.builder().temperature(0.2).maxTokens(1000).build()) {
 *   ModelAnswer answer = tester.ask(deploymentArn, systemPrompt, "A techno beat at 130 bpm");
 *   System.out.println(answer.text() + " (" + answer.latency().toMillis() + " ms)");
 * }
 * }</pre>
 */
public final class ModelTester implements AutoCloseable {
  /** The answer length asked for unless {@link Builder#maxTokens} says otherwise. */
  public static final int DEFAULT_MAX_TOKENS = 2000;

  private final ClientLease<BedrockRuntimeClient> lease;
  private final BedrockRuntimeClient runtime;
  private final Region region;
  private final int maxTokens;
  private final Double temperature;
  private final Double topP;

  private ModelTester(Builder b) {
    AwsSettings aws = b.aws.build();
    this.region =
        aws.runtimeClient()
            .map(c -> c.serviceClientConfiguration().region())
            .orElseGet(aws::region);
    this.lease =
        ClientLease.of(
            aws.runtimeClient(), () -> AwsClients.bedrockRuntime(aws, region, aws.maxAttempts()));
    this.runtime = lease.client();
    this.maxTokens = b.maxTokens;
    this.temperature = b.temperature;
    this.topP = b.topP;
  }

  /** {@return a builder with the defaults described on each setter} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Asks without a system prompt.
   *
   * @param modelId base model or inference profile id, deployment ARN or provisioned ARN
   * @param prompt the user prompt
   * @return the answer, with its tokens and latency
   */
  public ModelAnswer ask(String modelId, String prompt) {
    return ask(modelId, null, prompt);
  }

  /**
   * Asks once.
   *
   * @param modelId base model or inference profile id, deployment ARN or provisioned ARN
   * @param systemPrompt the system prompt, or null/empty for none
   * @param prompt the user prompt
   * @return the answer, with its tokens and latency
   * @throws BackendException when Bedrock refuses or fails; {@code retryable()} for throttling,
   *     timeouts and a model not ready yet (after the SDK's own retries)
   */
  public ModelAnswer ask(String modelId, String systemPrompt, String prompt) {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(prompt, "prompt");
    if (ModelIds.isCustomModelArn(modelId)) {
      throw new BackendException(
          "'"
              + modelId
              + "' is a custom model ARN, which Bedrock cannot invoke: deploy it (finetune model"
              + " deploy "
              + modelId
              + ") and test the deployment ARN it prints");
    }
    ConverseRequest.Builder request =
        ConverseRequest.builder()
            .modelId(modelId)
            .messages(
                Message.builder()
                    .role(ConversationRole.USER)
                    .content(ContentBlock.fromText(prompt))
                    .build())
            .inferenceConfig(inference());
    if (systemPrompt != null && !systemPrompt.isBlank()) {
      request.system(SystemContentBlock.fromText(systemPrompt));
    }
    long started = System.nanoTime();
    ConverseResponse response;
    try {
      response = runtime.converse(request.build());
    } catch (SdkException e) {
      throw AwsExceptionMapper.toBackend(
          e, BedrockCall.invoking("run a prompt through " + modelId, region.id(), modelId));
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - started);
    String text = "";
    if (response.output() != null && response.output().message() != null) {
      text =
          response.output().message().content().stream()
              .filter(block -> block.text() != null)
              .map(ContentBlock::text)
              .collect(Collectors.joining("\n"));
    }
    int in = 0;
    int out = 0;
    if (response.usage() != null) {
      in = response.usage().inputTokens() == null ? 0 : response.usage().inputTokens();
      out = response.usage().outputTokens() == null ? 0 : response.usage().outputTokens();
    }
    Long serviceLatency = response.metrics() == null ? null : response.metrics().latencyMs();
    return new ModelAnswer(
        modelId, text, latency, serviceLatency, in, out, response.stopReasonAsString());
  }

  private InferenceConfiguration inference() {
    InferenceConfiguration.Builder config = InferenceConfiguration.builder().maxTokens(maxTokens);
    if (temperature != null) {
      config.temperature(temperature.floatValue());
    }
    if (topP != null) {
      config.topP(topP.floatValue());
    }
    return config.build();
  }

  /** {@return the inference settings, for reports: {@code "max 2,000 tokens, temperature 0.2"}} */
  public String settings() {
    return String.format(java.util.Locale.ROOT, "max %,d tokens", maxTokens)
        + (temperature == null
            ? ", the model's default temperature"
            : ", temperature " + temperature)
        + (topP == null ? "" : ", top-p " + topP);
  }

  /** {@return the region prompts are sent to} */
  public String region() {
    return region.id();
  }

  /** Closes the client built here; an injected client stays open. */
  @Override
  public void close() {
    lease.close();
  }

  @Override
  public String toString() {
    return "ModelTester{"
        + region.id()
        + ", maxTokens="
        + maxTokens
        + (temperature == null ? "" : ", temperature=" + temperature)
        + (topP == null ? "" : ", topP=" + topP)
        + "}";
  }

  /** Builds a {@link ModelTester}. */
  public static final class Builder {
    private AwsSettings.Builder aws = AwsSettings.builder();
    private int maxTokens = DEFAULT_MAX_TOKENS;
    private Double temperature;
    private Double topP;

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
     * The region (default {@code AWS_REGION}, the profile's, else us-east-1).
     *
     * @param region the region (default {@code AWS_REGION}, the profile's, else us-east-1)
     * @return this builder
     */
    public Builder region(String region) {
      aws.region(region);
      return this;
    }

    /**
     * A runtime client to use instead of building one; it is not closed by {@link #close()}.
     *
     * @param runtimeClient a runtime client to use instead of building one; it is not closed by
     *     {@link #close()}
     * @return this builder
     */
    public Builder runtimeClient(BedrockRuntimeClient runtimeClient) {
      aws.runtimeClient(runtimeClient);
      return this;
    }

    /**
     * Credentials for the client built here; default {@code AWS_ACCESS_KEY_ID}/{@code
     * AWS_SECRET_ACCESS_KEY} or {@code AWS_PROFILE} from the environment map, else the SDK's chain.
     *
     * @param credentialsProvider credentials for the client built here; default {@code
     *     AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} or {@code AWS_PROFILE} from the
     *     environment map, else the SDK's chain
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      aws.credentialsProvider(credentialsProvider);
      return this;
    }

    /**
     * A runtime endpoint (default {@code AWS_ENDPOINT_URL_BEDROCK_RUNTIME}, then {@code
     * AWS_ENDPOINT_URL}).
     *
     * @param endpointOverride a runtime endpoint (default {@code AWS_ENDPOINT_URL_BEDROCK_RUNTIME},
     *     then {@code AWS_ENDPOINT_URL})
     * @return this builder
     */
    public Builder endpointOverride(URI endpointOverride) {
      aws.endpointOverride(AwsService.BEDROCK_RUNTIME, endpointOverride);
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
     * The longest answer, in tokens (default 2,000).
     *
     * @param maxTokens the longest answer, in tokens (default 2,000)
     * @return this builder
     */
    public Builder maxTokens(int maxTokens) {
      if (maxTokens < 1) {
        throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * Sampling temperature from 0 to 1; default the model's own.
     *
     * @param temperature sampling temperature from 0 to 1; default the model's own
     * @return this builder
     */
    public Builder temperature(Double temperature) {
      if (temperature != null && (temperature < 0 || temperature > 1)) {
        throw new IllegalArgumentException(
            "temperature must be between 0 and 1, was " + temperature);
      }
      this.temperature = temperature;
      return this;
    }

    /**
     * Nucleus sampling from 0 to 1; default the model's own.
     *
     * @param topP nucleus sampling from 0 to 1; default the model's own
     * @return this builder
     */
    public Builder topP(Double topP) {
      if (topP != null && (topP < 0 || topP > 1)) {
        throw new IllegalArgumentException("topP must be between 0 and 1, was " + topP);
      }
      this.topP = topP;
      return this;
    }

    /** {@return the ModelTester, checking that everything required is set} */
    public ModelTester build() {
      return new ModelTester(this);
    }
  }
}
