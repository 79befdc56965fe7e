package app.polychat.finetune.bedrock.aws;

/**
 * The AWS services the Bedrock module calls, each with the variable that overrides its endpoint (as
 * the AWS CLI and SDKs name them); {@code AWS_ENDPOINT_URL} overrides every service without its
 * own.
 *
 * <pre>{@code
 * AwsSettings.builder().endpointOverride(AwsService.S3, URI.create("http://localhost:9000"))
 * }</pre>
 */
public enum AwsService {
  /** Bedrock's control plane: customization jobs, batch inference, deployments, the catalog. */
  BEDROCK("AWS_ENDPOINT_URL_BEDROCK"),
  /** Bedrock's runtime: Converse. */
  BEDROCK_RUNTIME("AWS_ENDPOINT_URL_BEDROCK_RUNTIME"),
  /** Amazon S3: training files, batch input and output, job outputs. */
  S3("AWS_ENDPOINT_URL_S3"),
  /** The AWS Price List Query API. */
  PRICING("AWS_ENDPOINT_URL_PRICING"),
  /** AWS Lambda: the reinforcement fine-tuning grader. */
  LAMBDA("AWS_ENDPOINT_URL_LAMBDA");

  private final String endpointVariable;

  AwsService(String endpointVariable) {
    this.endpointVariable = endpointVariable;
  }

  /**
   * The service's endpoint variable.
   *
   * @return e.g. {@code AWS_ENDPOINT_URL_S3}
   */
  public String endpointVariable() {
    return endpointVariable;
  }
}
