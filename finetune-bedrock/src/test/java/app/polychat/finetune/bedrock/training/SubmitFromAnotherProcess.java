package app.polychat.finetune.bedrock.training;

import app.polychat.finetune.bedrock.testing.BedrockWireMock;
import app.polychat.finetune.bedrock.testing.TestSpecs;
import app.polychat.finetune.job.JobHandle;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Submits {@link TestSpecs#distillation()} from a separate JVM against the Bedrock endpoint given
 * as the first argument, with the real clock, and prints the token it sent: proof that the
 * idempotency token does not depend on the process or the time.
 */
public final class SubmitFromAnotherProcess {
  private SubmitFromAnotherProcess() {}

  public static void main(String[] args) {
    try (BedrockCustomizationBackend backend =
        BedrockCustomizationBackend.builder()
            .region("us-east-1")
            .endpointOverride(URI.create(args[0]))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
            .environment(Map.of())
            .roleArn(BedrockWireMock.ROLE)
            .outputBucket("output-bucket")
            .build()) {
      JobHandle handle = backend.submit(TestSpecs.distillation());
      System.out.println("token=" + handle.requestToken());
      System.out.println("job=" + handle.jobId());
    }
  }
}
