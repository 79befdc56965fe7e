package app.polychat.finetune.bedrock.training.internal;

import app.polychat.finetune.bedrock.internal.AwsClients;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Whether uploads carry {@code x-amz-checksum-sha256}, for one store: yes when the SDK setting is
 * {@code when_supported} (its default), no when it is {@code when_required}. {@code Content-MD5} is
 * sent either way, and the whole file's SHA-256 always goes into the object's metadata, so
 * integrity never depends on this choice.
 *
 * <p>S3 and MinIO verify the header. Some S3-compatible servers do not know it and refuse the
 * request (S3Proxy answers {@code 501 NotImplemented} for any {@code x-amz-} header it does not
 * know). Against a custom endpoint such a refusal is taken once: the request is sent again without
 * the header, a warning says so once, and later uploads of the same store leave it out. Against AWS
 * itself a 501 is never taken for that, since S3 knows every checksum header. Not public API.
 */
public final class S3Checksums {
  private static final Logger log = LoggerFactory.getLogger(S3Checksums.class);

  private final RequestChecksumCalculation calculation;
  private final URI customEndpoint;
  private final AtomicBoolean refused = new AtomicBoolean();

  /**
   * @param calculation the resolved SDK setting ({@link AwsClients#requestChecksumCalculation})
   * @param customEndpoint the S3-compatible endpoint, or null for AWS
   */
  public S3Checksums(RequestChecksumCalculation calculation, URI customEndpoint) {
    this.calculation = calculation;
    this.customEndpoint = customEndpoint;
  }

  /** Whether the next request should carry the flexible checksum header. */
  public boolean sendSha256() {
    return calculation == RequestChecksumCalculation.WHEN_SUPPORTED && !refused.get();
  }

  /** Whether the server refused the checksum header for good (this store sends none any more). */
  public boolean refused() {
    return refused.get();
  }

  /**
   * Whether {@code e} is a custom endpoint refusing a request that carried the checksum header:
   * {@code 501 NotImplemented}, or a 400 whose message names an unknown or unsupported header or
   * the checksum, or the connection closed while the body was being sent (S3Proxy answers the 501
   * as soon as it reads the headers and closes the connection, so for a body larger than the socket
   * buffers the client sees "Broken pipe" or "Connection reset" instead of the answer). A wrong
   * checksum ({@code BadDigest}) is not a refusal: it means damaged data. A real network failure
   * taken for a refusal costs one more attempt, without the header, which fails the same.
   */
  public boolean isRefusal(SdkException e) {
    if (customEndpoint == null || !sendSha256()) {
      return false;
    }
    if (!(e instanceof AwsServiceException service)) {
      return closedWhileSending(e);
    }
    String code =
        service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null
            ? ""
            : service.awsErrorDetails().errorCode();
    if (service.statusCode() == 501 || "NotImplemented".equals(code)) {
      return true;
    }
    if (service.statusCode() != 400
        || code.equals("BadDigest")
        || code.equals("InvalidDigest")
        || code.startsWith("XAmzContent")) {
      return false;
    }
    String said = String.valueOf(service.getMessage()).toLowerCase(Locale.ROOT);
    return said.contains("checksum")
        || (said.contains("header") && (said.contains("unknown") || said.contains("support")));
  }

  private static boolean closedWhileSending(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String said = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof IOException
          && (said.contains("broken pipe") || said.contains("connection reset"))) {
        return true;
      }
    }
    return false;
  }

  /** Records the refusal; the warning is logged for the first one only. */
  public void markRefused(SdkException e) {
    if (refused.compareAndSet(false, true)) {
      log.warn(
          "the S3-compatible server at {} does not support the x-amz-checksum-sha256 header ({}):"
              + " uploading without it. Content-MD5 still lets the server check every request, and"
              + " the file's SHA-256 is kept in the object's metadata. Set"
              + " AWS_REQUEST_CHECKSUM_CALCULATION=when_required to skip this first attempt.",
          customEndpoint,
          describe(e));
    }
  }

  private static String describe(SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code =
          service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
      return "HTTP " + service.statusCode() + (code == null ? "" : " " + code);
    }
    return e.getClass().getSimpleName();
  }

  @Override
  public String toString() {
    return "S3Checksums{" + calculation + (refused.get() ? ", refused by the server" : "") + "}";
  }
}
