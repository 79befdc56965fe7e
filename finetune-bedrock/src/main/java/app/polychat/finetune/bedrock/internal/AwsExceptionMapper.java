package app.polychat.finetune.bedrock.internal;

import app.polychat.finetune.job.BackendException;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.source.SourceUnavailableException;
import app.polychat.finetune.store.StoreException;
import app.polychat.finetune.support.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Translates AWS SDK exceptions into the toolkit's {@link BackendException} and {@link
 * StoreException}: the one place where Bedrock and S3 error codes become messages that say what to
 * check, and where throttling and server errors are marked retryable. The SDK exception is kept as
 * the cause; messages pass through {@link Secrets#redactText} so no credential can leak. Not public
 * API.
 */
public final class AwsExceptionMapper {

  /** What went wrong, independent of the service that said it. */
  enum Kind {
    THROTTLED,
    SERVER_ERROR,
    NOT_IMPLEMENTED,
    VALIDATION,
    ACCESS_DENIED,
    NOT_FOUND,
    CONFLICT,
    QUOTA,
    TOO_MANY_TAGS,
    WRONG_REGION,
    BAD_CREDENTIALS,
    NO_CREDENTIALS,
    CHECKSUM_MISMATCH,
    NETWORK,
    MODEL_NOT_READY,
    MODEL_TIMEOUT,
    MODEL_ERROR,
    OTHER;

    boolean retryable() {
      return this == THROTTLED
          || this == SERVER_ERROR
          || this == NETWORK
          || this == CHECKSUM_MISMATCH
          || this == MODEL_NOT_READY
          || this == MODEL_TIMEOUT;
    }
  }

  /**
   * What a Bedrock call was doing, for the message.
   *
   * @param action what was asked, e.g. {@code "create job 'strudel-v1'"}
   * @param region the region the client talks to
   * @param roleArn the service role, or null
   * @param model the base model, or null
   * @param jobId the job, or null
   * @param resource what the call names when it is not a job, for a not-found message (e.g. {@code
   *     "custom model 'arn:…'"} or {@code "deployment 'arn:…'"}), or null
   */
  public record BedrockCall(
      String action, String region, String roleArn, String model, String jobId, String resource) {

    /** A call about a job or a base model. */
    public BedrockCall(String action, String region, String roleArn, String model, String jobId) {
      this(action, region, roleArn, model, jobId, null);
    }

    /** A call about a custom model, deployment or provisioned throughput. */
    public static BedrockCall about(String action, String region, String resource) {
      return new BedrockCall(action, region, null, null, null, resource);
    }

    /** A call that runs a prompt through a model. */
    public static BedrockCall invoking(String action, String region, String modelId) {
      return new BedrockCall(action, region, null, modelId, null, "model '" + modelId + "'");
    }
  }

  private AwsExceptionMapper() {}

  /** A Bedrock (or, for metrics, S3) failure as a {@link BackendException}. */
  public static BackendException toBackend(SdkException e, BedrockCall call) {
    Kind kind = classify(e);
    String message = Secrets.redactText(bedrockMessage(kind, e, call));
    return new BackendException(message, e, kind.retryable());
  }

  /**
   * An S3 failure as a {@link StoreException}.
   *
   * @param bucket the bucket the call was about
   * @param action what was asked, e.g. {@code "upload train.jsonl"}
   * @param region the region the client talks to
   */
  public static StoreException toStore(
      SdkException e, String bucket, String action, String region) {
    Kind kind = classify(e);
    String message = Secrets.redactText(s3Message(kind, e, bucket, action, region));
    return new StoreException(message, e, kind.retryable());
  }

  /** A failure of S3 while the backend reads a job's outputs (metrics). */
  public static BackendException toBackendFromS3(
      SdkException e, String bucket, String action, String region) {
    Kind kind = classify(e);
    String message = Secrets.redactText(s3Message(kind, e, bucket, action, region));
    return new BackendException(message, e, kind.retryable());
  }

  /**
   * A failed teacher call (Converse, or a batch job's control-plane call) as a {@link
   * SourceException}: retryable as its kind says, with the HTTP status; a {@link
   * SourceUnavailableException} when no other request can succeed either (credentials, access, an
   * unknown model or one that needs an inference profile, the wrong region), so the run stops.
   */
  public static SourceException toSource(SdkException e, BedrockCall call) {
    Kind kind = classify(e);
    String message = Secrets.redactText(bedrockMessage(kind, e, call));
    int status = e instanceof AwsServiceException service ? service.statusCode() : 0;
    if (stopsEveryRequest(kind, serviceMessage(e))) {
      return new SourceUnavailableException(message, e, status);
    }
    return new SourceException(message, e, kind.retryable(), status, null);
  }

  /** An S3 failure of a batch source (its input or output files) as a {@link SourceException}. */
  public static SourceException toSourceFromS3(
      SdkException e, String bucket, String action, String region) {
    Kind kind = classify(e);
    String message = Secrets.redactText(s3Message(kind, e, bucket, action, region));
    int status = e instanceof AwsServiceException service ? service.statusCode() : 0;
    if (stopsEveryRequest(kind, "")) {
      return new SourceUnavailableException(message, e, status);
    }
    return new SourceException(message, e, kind.retryable(), status, null);
  }

  /** Whether a failure of one request means that every other would fail the same way. */
  private static boolean stopsEveryRequest(Kind kind, String said) {
    return switch (kind) {
      case ACCESS_DENIED, BAD_CREDENTIALS, NO_CREDENTIALS, NOT_FOUND, WRONG_REGION -> true;
      case VALIDATION -> {
        String text = String.valueOf(said).toLowerCase(Locale.ROOT);
        yield text.contains("model identifier")
            || text.contains("on-demand throughput")
            || text.contains("inference profile");
      }
      default -> false;
    };
  }

  /** The region S3 says a bucket lives in, from the {@code x-amz-bucket-region} header. */
  public static Optional<String> bucketRegion(SdkException e) {
    if (e instanceof AwsServiceException service
        && service.awsErrorDetails() != null
        && service.awsErrorDetails().sdkHttpResponse() != null) {
      return service.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
    }
    return Optional.empty();
  }

  static Kind classify(SdkException e) {
    if (e instanceof AwsServiceException service) {
      return classifyService(service);
    }
    String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (text.contains("unable to load credentials") || text.contains("credentials provider")) {
      return Kind.NO_CREDENTIALS;
    }
    if (e instanceof SdkClientException && hasIoCause(e)) {
      return Kind.NETWORK;
    }
    return e.retryable() ? Kind.NETWORK : Kind.OTHER;
  }

  private static Kind classifyService(AwsServiceException e) {
    String code = errorCode(e);
    int status = e.statusCode();
    switch (code) {
      case "ModelNotReadyException" -> {
        return Kind.MODEL_NOT_READY;
      }
      case "ModelTimeoutException" -> {
        return Kind.MODEL_TIMEOUT;
      }
      case "ModelErrorException" -> {
        return Kind.MODEL_ERROR;
      }
      case "ThrottlingException",
          "TooManyRequestsException",
          "SlowDown",
          "RequestLimitExceeded",
          "Throttling" -> {
        return Kind.THROTTLED;
      }
      case "InternalServerException",
          "InternalError",
          "ServiceUnavailable",
          "ServiceUnavailableException",
          "RequestTimeout" -> {
        return Kind.SERVER_ERROR;
      }
      case "NotImplemented" -> {
        return Kind.NOT_IMPLEMENTED;
      }
      case "ValidationException", "InvalidRequest", "InvalidArgument", "EntityTooSmall" -> {
        return Kind.VALIDATION;
      }
      case "AccessDeniedException", "AccessDenied", "AllAccessDisabled" -> {
        return Kind.ACCESS_DENIED;
      }
      case "ResourceNotFoundException", "NoSuchBucket", "NoSuchKey", "NoSuchUpload" -> {
        return Kind.NOT_FOUND;
      }
      case "ConflictException", "OperationAborted" -> {
        return Kind.CONFLICT;
      }
      case "ServiceQuotaExceededException" -> {
        return Kind.QUOTA;
      }
      case "TooManyTagsException" -> {
        return Kind.TOO_MANY_TAGS;
      }
      case "PermanentRedirect",
          "AuthorizationHeaderMalformed",
          "IllegalLocationConstraintException" -> {
        return Kind.WRONG_REGION;
      }
      case "UnrecognizedClientException",
          "InvalidAccessKeyId",
          "InvalidSignatureException",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "ExpiredTokenException",
          "InvalidToken",
          "TokenRefreshRequired",
          "RequestTimeTooSkewed",
          "InvalidClientTokenId" -> {
        return Kind.BAD_CREDENTIALS;
      }
      case "BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch" -> {
        return Kind.CHECKSUM_MISMATCH;
      }
      default -> {
        return classifyStatus(e, status);
      }
    }
  }

  private static Kind classifyStatus(AwsServiceException e, int status) {
    if (e.isThrottlingException() || status == 429) {
      return Kind.THROTTLED;
    }
    if (status == 501) {
      return Kind.NOT_IMPLEMENTED; // the server lacks a feature: asking again changes nothing
    }
    if (status >= 500) {
      return Kind.SERVER_ERROR;
    }
    return switch (status) {
      case 301, 307 -> Kind.WRONG_REGION;
      case 403 -> Kind.ACCESS_DENIED;
      case 404 -> Kind.NOT_FOUND;
      case 409 -> Kind.CONFLICT;
      case 400 -> Kind.VALIDATION;
      default -> Kind.OTHER;
    };
  }

  private static String errorCode(AwsServiceException e) {
    if (e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null) {
      return "";
    }
    return e.awsErrorDetails().errorCode();
  }

  /** The service's own message, without the SDK's request-id suffix. */
  private static String serviceMessage(SdkException e) {
    if (e instanceof AwsServiceException service
        && service.awsErrorDetails() != null
        && service.awsErrorDetails().errorMessage() != null) {
      return service.awsErrorDetails().errorMessage();
    }
    return String.valueOf(e.getMessage());
  }

  private static boolean hasIoCause(Throwable e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof UncheckedIOException) {
        return true;
      }
    }
    return false;
  }

  private static String codeSuffix(SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code = errorCode(service);
      return " [" + (code.isEmpty() ? "HTTP " + service.statusCode() : code) + "]";
    }
    return "";
  }

  private static String bedrockMessage(Kind kind, SdkException e, BedrockCall call) {
    String said = serviceMessage(e);
    String region = call.region();
    String where = region == null ? "" : " in " + region;
    String reason = said.isBlank() ? "" : ": " + said;
    String text =
        switch (kind) {
          case THROTTLED ->
              "Bedrock is throttling requests while trying to "
                  + call.action()
                  + reason
                  + ". This is temporary: wait and try again"
                  + (call.jobId() != null ? " (the watcher backs off by itself)." : ".");
          case SERVER_ERROR ->
              "Bedrock had a server error while trying to "
                  + call.action()
                  + reason
                  + ". This is usually temporary: try again in a minute.";
          case NOT_IMPLEMENTED ->
              "The endpoint does not support what the request to "
                  + call.action()
                  + " asks for"
                  + reason
                  + " (HTTP 501 Not Implemented). This is not temporary: trying again will not"
                  + " help. If AWS_ENDPOINT_URL_BEDROCK or AWS_ENDPOINT_URL points to a stand-in,"
                  + " it lacks this operation; otherwise check the region and the SDK version.";
          case VALIDATION ->
              "Bedrock rejected the request to "
                  + call.action()
                  + reason
                  + ". "
                  + validationHint(said, call);
          case ACCESS_DENIED ->
              "Bedrock denied the request to "
                  + call.action()
                  + where
                  + reason
                  + ". Check that your IAM identity is allowed the Bedrock action"
                  + passRoleHint(call)
                  + ", and that access to "
                  + (call.model() == null ? "the model" : "model '" + call.model() + "'")
                  + " is granted in the Bedrock console (Model access)"
                  + where
                  + ".";
          case NOT_FOUND -> notFoundMessage(call, where, reason);
          case CONFLICT ->
              call.resource() != null
                  ? "Bedrock refused to "
                      + call.action()
                      + reason
                      + ". Something with that name may already exist, or "
                      + call.resource()
                      + " is busy (still creating or being deleted): check its status, or choose"
                      + " another name."
                  : call.jobId() == null
                      ? "Bedrock refused to "
                          + call.action()
                          + reason
                          + ". Job names are unique per account and region: choose another job name."
                      : "Bedrock refused to "
                          + call.action()
                          + reason
                          + ". The job may already be stopping or finished: check its status.";
          case QUOTA ->
              "A Bedrock service quota stops the request to "
                  + call.action()
                  + reason
                  + ". Wait for running customization jobs to finish, or request a higher quota for"
                  + " Amazon Bedrock in the Service Quotas console"
                  + where
                  + ".";
          case TOO_MANY_TAGS ->
              "Bedrock refused to "
                  + call.action()
                  + reason
                  + ". A resource takes at most 50 tags, counting those it already has: pass fewer"
                  + " tags.";
          case WRONG_REGION ->
              "The request to "
                  + call.action()
                  + " went to the wrong region"
                  + reason
                  + ". Set the region the resource lives in (region(...) or AWS_REGION).";
          case BAD_CREDENTIALS -> credentialsRejected(call.action(), reason);
          case NO_CREDENTIALS -> noCredentials(call.action());
          case CHECKSUM_MISMATCH, OTHER -> "Bedrock refused to " + call.action() + reason + ".";
          case MODEL_NOT_READY ->
              "The model is not ready to answer yet while trying to "
                  + call.action()
                  + reason
                  + ". A deployment that just became Active can take a few minutes to serve:"
                  + " try again shortly.";
          case MODEL_TIMEOUT ->
              "The model took too long to answer while trying to "
                  + call.action()
                  + reason
                  + ". Try again, or ask for a shorter answer (lower max tokens).";
          case MODEL_ERROR ->
              "The model failed while trying to "
                  + call.action()
                  + reason
                  + ". Check the prompt and inference settings; if it persists, check the model in"
                  + " the Bedrock console.";
          case NETWORK ->
              "Could not reach Bedrock to "
                  + call.action()
                  + where
                  + reason
                  + ". Check the network, any proxy, and "
                  + (invoking(call)
                      ? "AWS_ENDPOINT_URL_BEDROCK_RUNTIME"
                      : "AWS_ENDPOINT_URL_BEDROCK")
                  + " / AWS_ENDPOINT_URL if you set one; then try again.";
        };
    return text + codeSuffix(e);
  }

  private static String notFoundMessage(BedrockCall call, String where, String reason) {
    if (call.resource() != null) {
      return "Bedrock has no "
          + call.resource()
          + where
          + reason
          + ". Check the ARN or name, and that the region is the one it was created in.";
    }
    if (call.jobId() != null) {
      return "Bedrock has no customization job '"
          + call.jobId()
          + "'"
          + where
          + reason
          + ". Check the job ARN or name, and that the region is the one the job was created in.";
    }
    return "Bedrock could not find something the request to "
        + call.action()
        + " refers to"
        + reason
        + ". Check that the base model id"
        + (call.model() == null ? "" : " '" + call.model() + "'")
        + " exists and supports this customization"
        + where
        + ", that model access is granted, and that the role and KMS key exist.";
  }

  private static String validationHint(String said, BedrockCall call) {
    String text = said.toLowerCase(Locale.ROOT);
    if (call.model() != null && call.model().contains(":custom-model/")) {
      return "A custom model cannot be invoked by its own ARN: deploy it (finetune model deploy "
          + call.model()
          + ") and use the deployment ARN or a provisioned throughput ARN.";
    }
    if (invoking(call)) {
      return "Check the model id '"
          + call.model()
          + "' (a base model or inference profile id, a deployment ARN or a provisioned"
          + " throughput ARN) and that access to it is granted in "
          + (call.region() == null ? "this region" : call.region())
          + ", and the inference settings (max tokens within the model's limit, temperature"
          + " 0-1).";
    }
    if (text.contains("assume") || text.contains("role") || text.contains("trust")) {
      return "Check the role"
          + (call.roleArn() == null ? "" : " " + call.roleArn())
          + ": its trust policy must let bedrock.amazonaws.com call sts:AssumeRole, and your"
          + " identity needs iam:PassRole on it.";
    }
    if (text.contains("s3") || text.contains("bucket") || text.contains("uri")) {
      return "Check that the S3 URIs exist and that the role can read the training bucket and"
          + " write the output bucket (s3:GetObject, s3:ListBucket, s3:PutObject).";
    }
    if (text.contains("model") || text.contains("identifier")) {
      return "Check that the base model"
          + (call.model() == null ? "" : " '" + call.model() + "'")
          + " supports this customization in "
          + (call.region() == null ? "this region" : call.region())
          + " and that model access is granted.";
    }
    return "Check the job name, model names, S3 URIs and hyperparameters against Bedrock's rules"
        + " (the toolkit's validator reports them before submission).";
  }

  /** Whether the call runs a prompt (bedrock-runtime) rather than a control-plane action. */
  private static boolean invoking(BedrockCall call) {
    return call.model() != null && call.resource() != null;
  }

  private static String passRoleHint(BedrockCall call) {
    return call.roleArn() == null ? "" : " and iam:PassRole on " + call.roleArn();
  }

  private static String s3Message(
      Kind kind, SdkException e, String bucket, String action, String region) {
    String said = serviceMessage(e);
    String reason = said.isBlank() || "null".equals(said) ? "" : ": " + said;
    String text =
        switch (kind) {
          case NOT_FOUND ->
              isMissingBucket(e)
                  ? "S3 bucket '"
                      + bucket
                      + "' does not exist (or these credentials cannot see it). Create it (aws s3 mb"
                      + " s3://"
                      + bucket
                      + (region == null ? "" : " --region " + region)
                      + ") or configure a bucket you own."
                  : "S3 has no object for " + action + " in bucket '" + bucket + "'" + reason + ".";
          case ACCESS_DENIED ->
              "Access to S3 bucket '"
                  + bucket
                  + "' was denied while trying to "
                  + action
                  + reason
                  + ". The credentials need s3:ListBucket on arn:aws:s3:::"
                  + bucket
                  + " and s3:GetObject and s3:PutObject on arn:aws:s3:::"
                  + bucket
                  + "/*; check the IAM policy, the bucket policy and any KMS key policy."
                  + (isBareStatus(e)
                      ? " S3 gives no detail here: the credentials may also be wrong or expired"
                          + " (check them with aws sts get-caller-identity)."
                      : "");
          case WRONG_REGION -> {
            String actual = bucketRegion(e).orElse(null);
            yield "S3 bucket '"
                + bucket
                + "' is in "
                + (actual == null ? "another region" : "region " + actual)
                + ", not "
                + (region == null ? "the configured region" : region)
                + ". Set the region to "
                + (actual == null ? "the bucket's region" : actual)
                + " (region(...) or AWS_REGION).";
          }
          case CHECKSUM_MISMATCH ->
              "S3 rejected the data sent to "
                  + action
                  + " in bucket '"
                  + bucket
                  + "': the checksum of the bytes received does not match the file's"
                  + reason
                  + ". The file may have changed while it was uploaded, or the data was damaged in"
                  + " transit: upload again.";
          case THROTTLED ->
              "S3 is throttling requests to bucket '"
                  + bucket
                  + "' while trying to "
                  + action
                  + reason
                  + ". This is temporary: try again.";
          case NOT_IMPLEMENTED ->
              "The S3 server does not support what the request to "
                  + action
                  + " in bucket '"
                  + bucket
                  + "' uses"
                  + reason
                  + " (HTTP 501 Not Implemented). This is not temporary: trying again will not"
                  + " help. An S3-compatible server (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL) may"
                  + " lack a feature an upload needs: Content-MD5, user metadata (x-amz-meta-*),"
                  + " multipart uploads, or the x-amz-checksum-sha256 header (leave that out with"
                  + " AWS_REQUEST_CHECKSUM_CALCULATION=when_required); check what the server"
                  + " supports, or use Amazon S3.";
          case SERVER_ERROR ->
              "S3 had a server error while trying to "
                  + action
                  + " in bucket '"
                  + bucket
                  + "'"
                  + reason
                  + ". This is usually temporary: try again.";
          case BAD_CREDENTIALS ->
              credentialsRejected(action + " in bucket '" + bucket + "'", reason);
          case NO_CREDENTIALS -> noCredentials(action + " in bucket '" + bucket + "'");
          case NETWORK ->
              "Could not reach S3 to "
                  + action
                  + " in bucket '"
                  + bucket
                  + "'"
                  + reason
                  + ". Check the network, any proxy, and AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL if"
                  + " you set one; then try again.";
          default ->
              "S3 refused to "
                  + action
                  + " in bucket '"
                  + bucket
                  + "'"
                  + reason
                  + ". Check the bucket name, its region and your permissions.";
        };
    return text + codeSuffix(e);
  }

  /** A HEAD request's error: a status without an S3 error code or message. */
  private static boolean isBareStatus(SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code = errorCode(service);
      return code.isEmpty()
          || code.equals(Integer.toString(service.statusCode()))
          || "Forbidden".equals(code);
    }
    return false;
  }

  private static boolean isMissingBucket(SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code = errorCode(service);
      // A HEAD request has no body, so S3 answers a missing bucket with a bare 404.
      return "NoSuchBucket".equals(code)
          || (!"NoSuchKey".equals(code)
              && !"NoSuchUpload".equals(code)
              && service.statusCode() == 404
              && (code.isEmpty() || "404".equals(code) || "NotFound".equals(code)));
    }
    return false;
  }

  private static String credentialsRejected(String action, String reason) {
    return "AWS rejected the credentials used to "
        + action
        + reason
        + ". Check AWS_PROFILE or AWS_ACCESS_KEY_ID, refresh an expired session (aws sso login),"
        + " and make sure this machine's clock is right.";
  }

  private static String noCredentials(String action) {
    return "No AWS credentials were found to "
        + action
        + ". Set AWS_PROFILE (after aws configure or aws sso login) or AWS_ACCESS_KEY_ID and"
        + " AWS_SECRET_ACCESS_KEY, or run where an instance or container role is available.";
  }
}
