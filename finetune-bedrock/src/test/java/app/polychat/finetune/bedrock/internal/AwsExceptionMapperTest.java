package app.polychat.finetune.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.bedrock.internal.AwsExceptionMapper.BedrockCall;
import app.polychat.finetune.job.BackendException;
import app.polychat.finetune.store.StoreException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The mapper's answers to failures that never reached AWS (no credentials, no network). */
class AwsExceptionMapperTest {
  private static final BedrockCall SUBMIT =
      new BedrockCall("create fine-tuning job 'x'", "us-east-1", null, null, null);

  @Test
  void missingCredentialsSaysHowToProvideThemAndIsNotRetryable() {
    SdkClientException e =
        SdkClientException.create(
            "Unable to load credentials from any of the providers in the chain"
                + " AwsCredentialsProviderChain(credentialsProviders=[...])");
    BackendException mapped = AwsExceptionMapper.toBackend(e, SUBMIT);
    assertThat(mapped.getMessage())
        .startsWith("No AWS credentials were found to create fine-tuning job 'x'")
        .contains("AWS_PROFILE")
        .contains("aws sso login");
    assertThat(mapped.retryable()).isFalse();
    assertThat(mapped.getCause()).isSameAs(e);
  }

  @Test
  void unreachableEndpointIsRetryableAndMentionsEndpointVariables() {
    SdkClientException e =
        SdkClientException.create(
            "Unable to execute HTTP request: Connection refused",
            new ConnectException("Connection refused"));
    StoreException store =
        AwsExceptionMapper.toStore(e, "my-bucket", "upload train.jsonl", "us-east-1");
    assertThat(store.retryable()).isTrue();
    assertThat(store.getMessage())
        .contains("Could not reach S3 to upload train.jsonl in bucket 'my-bucket'")
        .contains("AWS_ENDPOINT_URL_S3");
    BackendException backend = AwsExceptionMapper.toBackend(e, SUBMIT);
    assertThat(backend.retryable()).isTrue();
    assertThat(backend.getMessage()).contains("AWS_ENDPOINT_URL_BEDROCK");
  }

  @Test
  void secretsInAMessageAreMasked() {
    SdkClientException e =
        SdkClientException.create(
            "Unable to execute HTTP request: proxy said Authorization: Bearer abc.def.ghi for"
                + " AKIAIOSFODNN7EXAMPLE",
            new ConnectException("refused"));
    String message = AwsExceptionMapper.toBackend(e, SUBMIT).getMessage();
    assertThat(message).doesNotContain("abc.def.ghi").doesNotContain("AKIAIOSFODNN7EXAMPLE");
  }

  @Test
  void anUnreachableRuntimeEndpointNamesTheRuntimeVariable() {
    SdkClientException e =
        SdkClientException.create(
            "Unable to execute HTTP request: Connection refused",
            new ConnectException("Connection refused"));
    BackendException mapped =
        AwsExceptionMapper.toBackend(
            e,
            BedrockCall.invoking(
                "run a prompt through amazon.nova-lite-v1:0",
                "us-east-1",
                "amazon.nova-lite-v1:0"));
    assertThat(mapped.retryable()).isTrue();
    assertThat(mapped.getMessage())
        .contains("Could not reach Bedrock to run a prompt through amazon.nova-lite-v1:0")
        .contains("AWS_ENDPOINT_URL_BEDROCK_RUNTIME");
  }
}
