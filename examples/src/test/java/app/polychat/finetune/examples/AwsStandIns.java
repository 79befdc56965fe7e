package app.polychat.finetune.examples;

import app.polychat.finetune.bedrock.testing.FakeCustomizationJobs;
import app.polychat.finetune.bedrock.testing.S3ProxyServer;
import java.util.Map;

/**
 * The AWS side of the examples' tests, in process: S3Proxy started as a user starts it (stock
 * settings, transient store) and the Bedrock control plane as {@link FakeCustomizationJobs} (built
 * from botocore's {@code bedrock/2023-04-20/service-2.json}; see its Javadoc), both from the
 * bedrock module's test-jar, reached by the real AWS SDK clients the examples build from {@link
 * #env()}.
 */
final class AwsStandIns implements AutoCloseable {
  static final String TRAINING_BUCKET = "training-bucket";
  static final String OUTPUT_BUCKET = "output-bucket";
  static final String ROLE = "arn:aws:iam::" + FakeCustomizationJobs.ACCOUNT + ":role/FineTuning";

  final S3ProxyServer s3;
  final FakeCustomizationJobs bedrock;

  AwsStandIns() throws Exception {
    s3 = new S3ProxyServer();
    bedrock = new FakeCustomizationJobs();
    s3.createBucket(TRAINING_BUCKET);
    s3.createBucket(OUTPUT_BUCKET);
  }

  /** The environment a user would export, pointing at the stand-ins. */
  Map<String, String> env() {
    return Map.ofEntries(
        Map.entry("AWS_REGION", "us-east-1"),
        Map.entry("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY),
        Map.entry("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY),
        Map.entry("AWS_ENDPOINT_URL_S3", s3.endpoint().toString()),
        Map.entry("S3_FORCE_PATH_STYLE", "true"),
        // what the store's own warning tells a user of S3Proxy to set: a stock S3Proxy refuses
        // x-amz-checksum-sha256 with 501, but for a body of a few hundred KB it closes the
        // connection before the client reads that answer, so the store's one-retry fallback never
        // sees the 501 (a broken pipe, retried by the SDK; reported with issue 15)
        Map.entry("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required"),
        Map.entry("AWS_ENDPOINT_URL_BEDROCK", bedrock.baseUrl()),
        Map.entry("BEDROCK_TRAINING_BUCKET", TRAINING_BUCKET),
        Map.entry("BEDROCK_OUTPUT_BUCKET", OUTPUT_BUCKET),
        Map.entry("BEDROCK_ROLE_ARN", ROLE));
  }

  /** The object an {@code s3://bucket/key} URI names, as text. */
  String read(String s3Uri) {
    String path = s3Uri.substring("s3://".length());
    int slash = path.indexOf('/');
    return s3.read(path.substring(0, slash), path.substring(slash + 1));
  }

  @Override
  public void close() {
    try {
      bedrock.close();
    } finally {
      s3.close();
    }
  }
}
