package app.polychat.finetune.bedrock.training;

import app.polychat.finetune.bedrock.aws.AwsService;
import app.polychat.finetune.bedrock.aws.AwsSettings;
import app.polychat.finetune.bedrock.internal.ClientLease;
import app.polychat.finetune.grader.GraderException;
import app.polychat.finetune.grader.GraderPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Creates or updates the Lambda function of a reinforcement fine-tuning grader from a built {@link
 * GraderPackage}, idempotently: a missing function is created; an existing one gets new code only
 * when the zip's SHA-256 differs from the function's {@code CodeSha256}, and new settings only when
 * runtime, handler, role, timeout, memory or environment differ; an up-to-date function is left
 * alone. Each change is waited for (the SDK's {@code FunctionActiveV2}/{@code FunctionUpdatedV2}
 * waiters) before the next. The timeout defaults to 300 s, well above Lambda's 3 s default, as the
 * Bedrock user guide advises for reward functions ("Setting up reward functions": up to 15
 * minutes).
 *
 * <pre>{@code
 * try (GraderFunctions functions = GraderFunctions.builder().region("us-east-1").build()) {
 *   GraderFunctions.Deployed d = functions.deploy(pkg, "finetune-strudel-grader", lambdaRoleArn);
 *   d.functionArn();   // for `job rft --grader-lambda-arn`
 * }
 * }</pre>
 */
public final class GraderFunctions implements AutoCloseable {
  /** The default timeout of a grader function: 300 s. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 300;

  /** Lambda's longest timeout for a function Bedrock calls: 15 minutes (the user guide's cap). */
  public static final int MAX_TIMEOUT_SECONDS = 900;

  /** The default memory: 1,024 MB (the engine check is CPU-bound; Lambda's CPU grows with it). */
  public static final int DEFAULT_MEMORY_MB = 1024;

  private final LambdaClient lambda;
  private final ClientLease<LambdaClient> lease;
  private final int timeoutSeconds;
  private final int memoryMb;
  private final Map<String, String> environment;

  /** What {@link #deploy} did. */
  public enum Action {
    /** A new function was created. */
    CREATED,
    /** The existing function's code or settings were changed. */
    UPDATED,
    /** The function already matched the package; nothing was changed. */
    UNCHANGED
  }

  /**
   * The deployed function.
   *
   * @param functionName its name
   * @param functionArn its ARN, for {@code job rft --grader-lambda-arn}
   * @param action created, updated or left unchanged
   * @param codeSha256 the deployed code's SHA-256 (base64, as Lambda reports it)
   */
  public record Deployed(
      String functionName, String functionArn, Action action, String codeSha256) {}

  private GraderFunctions(Builder b) {
    AwsSettings aws = b.aws.build();
    this.lease =
        ClientLease.of(
            aws.lambdaClient(),
            () -> {
              var builder = LambdaClient.builder().region(aws.region());
              aws.credentialsProvider().ifPresent(builder::credentialsProvider);
              aws.endpoint(AwsService.LAMBDA).ifPresent(builder::endpointOverride);
              return builder.build();
            });
    this.lambda = lease.client();
    this.timeoutSeconds = b.timeoutSeconds;
    this.memoryMb = b.memoryMb;
    this.environment = Map.copyOf(b.functionEnvironment);
  }

  /**
   * Starts building a deployer: every setting has a default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the function, or brings it up to date with {@code pkg}.
   *
   * @param roleArn the Lambda execution role (needed to create; an existing function's role is
   *     changed only when this differs)
   * @param pkg the built grader package
   * @param functionName the Lambda function's name
   * @return the function's name and ARN, and what was done
   * @throws GraderException naming what AWS refused and why
   */
  public Deployed deploy(GraderPackage pkg, String functionName, String roleArn) {
    Objects.requireNonNull(pkg, "pkg");
    Objects.requireNonNull(functionName, "functionName");
    Objects.requireNonNull(roleArn, "roleArn");
    byte[] zip;
    try {
      zip = Files.readAllBytes(pkg.zip());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pkg.zip() + ": " + e.getMessage(), e);
    }
    String sha = base64Sha256(zip);
    try {
      FunctionConfiguration current;
      try {
        current = lambda.getFunction(r -> r.functionName(functionName)).configuration();
      } catch (ResourceNotFoundException e) {
        var created =
            lambda.createFunction(
                r ->
                    r.functionName(functionName)
                        .runtime(pkg.runtime())
                        .handler(pkg.handler())
                        .role(roleArn)
                        .timeout(timeoutSeconds)
                        .memorySize(memoryMb)
                        .environment(e2 -> e2.variables(environment))
                        .description("finetune " + pkg.check() + " grader for Bedrock RFT")
                        .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName(functionName));
        return new Deployed(functionName, created.functionArn(), Action.CREATED, sha);
      }
      boolean changed = false;
      if (!sha.equals(current.codeSha256())) {
        lambda.updateFunctionCode(
            r -> r.functionName(functionName).zipFile(SdkBytes.fromByteArray(zip)));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(functionName));
        changed = true;
      }
      Map<String, String> currentEnv =
          current.environment() == null ? Map.of() : current.environment().variables();
      if (!pkg.runtime().equals(current.runtimeAsString())
          || !pkg.handler().equals(current.handler())
          || !roleArn.equals(current.role())
          || !Integer.valueOf(timeoutSeconds).equals(current.timeout())
          || !Integer.valueOf(memoryMb).equals(current.memorySize())
          || !environment.equals(currentEnv)) {
        lambda.updateFunctionConfiguration(
            r ->
                r.functionName(functionName)
                    .runtime(pkg.runtime())
                    .handler(pkg.handler())
                    .role(roleArn)
                    .timeout(timeoutSeconds)
                    .memorySize(memoryMb)
                    .environment(e -> e.variables(environment)));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(functionName));
        changed = true;
      }
      return new Deployed(
          functionName, current.functionArn(), changed ? Action.UPDATED : Action.UNCHANGED, sha);
    } catch (SdkException e) {
      throw new GraderException(
          "deploying the grader function '"
              + functionName
              + "' failed: "
              + e.getMessage()
              + " (check the region, the execution role and lambda:CreateFunction,"
              + " lambda:UpdateFunctionCode, lambda:UpdateFunctionConfiguration, lambda:GetFunction"
              + " and iam:PassRole permissions)",
          e);
    }
  }

  /** The SHA-256 of the bytes, base64, as Lambda reports {@code CodeSha256}. */
  static String base64Sha256(byte[] bytes) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    lease.close();
  }

  /** Builds {@link GraderFunctions}. */
  public static final class Builder {
    private AwsSettings.Builder aws = AwsSettings.builder();
    private int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
    private int memoryMb = DEFAULT_MEMORY_MB;
    private Map<String, String> functionEnvironment = Map.of();

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
     * A Lambda client to use (it is not closed); otherwise one is built and closed.
     *
     * @param lambda a Lambda client to use (it is not closed); otherwise one is built and closed
     * @return this builder
     */
    public Builder lambdaClient(LambdaClient lambda) {
      aws.lambdaClient(Objects.requireNonNull(lambda, "lambda"));
      return this;
    }

    /**
     * The AWS region (default: from the environment).
     *
     * @param region a region name, such as {@code us-east-1}
     * @return this builder
     */
    public Builder region(String region) {
      aws.region(Objects.requireNonNull(region, "region"));
      return this;
    }

    /**
     * The credentials to call Lambda with (default: the SDK's default chain).
     *
     * @param credentials the credentials provider
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      aws.credentialsProvider(Objects.requireNonNull(credentials, "credentials"));
      return this;
    }

    /**
     * Where {@code AWS_ENDPOINT_URL_LAMBDA}/{@code AWS_ENDPOINT_URL} are read (default: the
     * process's).
     *
     * @param env the variables, by name
     * @return this builder
     */
    public Builder environmentVariables(Map<String, String> env) {
      aws.environment(env);
      return this;
    }

    /**
     * The function's timeout, 1–{@value GraderFunctions#MAX_TIMEOUT_SECONDS} s (default 300).
     *
     * @param timeoutSeconds the function's timeout, 1–{@value GraderFunctions#MAX_TIMEOUT_SECONDS}
     *     s (default 300)
     * @return this builder
     */
    public Builder timeoutSeconds(int timeoutSeconds) {
      if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
        throw new IllegalArgumentException(
            "timeout " + timeoutSeconds + " s: use 1 to " + MAX_TIMEOUT_SECONDS + " seconds");
      }
      this.timeoutSeconds = timeoutSeconds;
      return this;
    }

    /**
     * The function's memory, 128–32,768 MB (the API model's MemorySize range; default 1,024).
     *
     * @param memoryMb the function's memory, 128–32,768 MB (the API model's MemorySize range;
     *     default 1,024)
     * @return this builder
     */
    public Builder memoryMb(int memoryMb) {
      if (memoryMb < 128 || memoryMb > 32_768) {
        throw new IllegalArgumentException("memory " + memoryMb + " MB: use 128 to 32768");
      }
      this.memoryMb = memoryMb;
      return this;
    }

    /**
     * The function's environment, e.g. {@code FINETUNE_GRADER_SIMILARITY_WEIGHT}.
     *
     * @param functionEnvironment the variables, by name
     * @return this builder
     */
    public Builder functionEnvironment(Map<String, String> functionEnvironment) {
      this.functionEnvironment = Map.copyOf(functionEnvironment);
      return this;
    }

    /**
     * Builds the deployer; it closes the client it built itself in {@code close()}.
     *
     * @return the deployer
     */
    public GraderFunctions build() {
      return new GraderFunctions(this);
    }
  }
}
