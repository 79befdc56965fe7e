package app.polychat.finetune.bedrock.training.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * A stock S3Proxy (2.6.0, started with its defaults) answers {@code 501 NotImplemented} to a PUT
 * carrying {@code x-amz-checksum-sha256} as soon as it has read the headers, then closes the
 * connection: with a body larger than the socket buffers the SDK sees "Broken pipe" (seen in
 * RerunIsIdempotentTest with a 219 KB file) instead of the 501.
 */
class S3ChecksumsTest {

  private static final URI PROXY = URI.create("http://127.0.0.1:9000");

  private static SdkClientException sdkFailure(IOException cause) {
    return SdkClientException.builder()
        .message("Unable to execute HTTP request: " + cause.getMessage())
        .cause(cause)
        .build();
  }

  @Test
  void aConnectionClosedWhileSending_toACustomEndpoint_isARefusal() {
    S3Checksums checksums = new S3Checksums(RequestChecksumCalculation.WHEN_SUPPORTED, PROXY);

    assertThat(checksums.isRefusal(sdkFailure(new SocketException("Broken pipe")))).isTrue();
    assertThat(checksums.isRefusal(sdkFailure(new SocketException("Connection reset")))).isTrue();
  }

  @Test
  void otherClientFailures_andRealS3_andNoHeaderSent_areNotRefusals() {
    S3Checksums custom = new S3Checksums(RequestChecksumCalculation.WHEN_SUPPORTED, PROXY);
    S3Checksums aws = new S3Checksums(RequestChecksumCalculation.WHEN_SUPPORTED, null);
    S3Checksums noHeader = new S3Checksums(RequestChecksumCalculation.WHEN_REQUIRED, PROXY);

    assertThat(custom.isRefusal(sdkFailure(new IOException("Connection refused")))).isFalse();
    assertThat(aws.isRefusal(sdkFailure(new SocketException("Broken pipe")))).isFalse();
    assertThat(noHeader.isRefusal(sdkFailure(new SocketException("Broken pipe")))).isFalse();
  }
}
