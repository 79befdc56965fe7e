package app.polychat.finetune.bedrock.testing;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-process S3 (S3Proxy over jclouds' transient store, or its filesystem store) on a free
 * loopback port. Public for the command line's end-to-end tests in {@code examples}.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "test-access-key";
  public static final String SECRET_KEY = "test-secret-key";
  public static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final S3Client client;

  public S3ProxyServer() throws Exception {
    this(null);
  }

  /**
   * An S3Proxy keeping its objects in files under {@code root} (off the heap, for benchmarks), or
   * in memory when {@code root} is null.
   */
  public S3ProxyServer(java.nio.file.Path root) throws Exception {
    Properties properties = new Properties();
    if (root != null) {
      properties.setProperty("jclouds.filesystem.basedir", root.toString());
    }
    context =
        ContextBuilder.newBuilder(root == null ? "transient" : "filesystem")
            .credentials("identity", "credential")
            .overrides(properties)
            .build(BlobStoreContext.class);
    proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            // as a user starts it: no ignoreUnknownHeaders, so headers S3Proxy does not know
            // (x-amz-checksum-sha256 among them) are refused with 501 NotImplemented
            .build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(5);
    }
    client = newClient();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** A client as the tests use it: path style, checksums only when required, test keys. */
  public S3Client newClient() {
    return clientFor(endpoint());
  }

  /** A client for an S3Proxy at {@code endpoint} (another process's, for example). */
  public static S3Client clientFor(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  public S3Client client() {
    return client;
  }

  public void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket));
  }

  public String read(String bucket, String key) {
    return client.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asUtf8String();
  }

  @Override
  public void close() {
    client.close();
    try {
      proxy.stop();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("S3Proxy did not stop: " + e.getMessage(), e);
    } finally {
      context.close();
    }
  }
}
