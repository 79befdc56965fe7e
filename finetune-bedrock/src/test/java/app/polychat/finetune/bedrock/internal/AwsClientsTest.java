package app.polychat.finetune.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Credentials and retries from a settings map (a .env file or a test), not only the process. */
class AwsClientsTest {

  @Test
  void credentials_staticKeysFromTheMap() {
    AwsCredentialsProvider provider =
        AwsClients.credentials(
            null,
            Map.of("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret"));

    assertThat(provider.resolveCredentials())
        .isInstanceOf(AwsBasicCredentials.class)
        .satisfies(c -> assertThat(c.accessKeyId()).isEqualTo("AKIAIOSFODNN7EXAMPLE"));
  }

  @Test
  void credentials_aSessionTokenMakesSessionCredentials() {
    AwsCredentialsProvider provider =
        AwsClients.credentials(
            null,
            Map.of(
                "AWS_ACCESS_KEY_ID", "ASIAIOSFODNN7EXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_SESSION_TOKEN", "token"));

    assertThat(provider.resolveCredentials()).isInstanceOf(AwsSessionCredentials.class);
  }

  @Test
  void credentials_aProfileOrNothingLeavesItToTheProfileOrTheSdk() {
    assertThat(AwsClients.credentials(null, Map.of("AWS_PROFILE", "training")))
        .isInstanceOf(ProfileCredentialsProvider.class);
    assertThat(AwsClients.credentials(null, Map.of())).isNull();
  }

  @Test
  void credentials_anExplicitProviderWins() {
    AwsCredentialsProvider explicit =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"));

    assertThat(
            AwsClients.credentials(
                explicit, Map.of("AWS_ACCESS_KEY_ID", "x", "AWS_SECRET_ACCESS_KEY", "y")))
        .isSameAs(explicit);
  }

  @Test
  void credentials_halfAKeyPairSaysWhichIsMissing() {
    assertThatThrownBy(() -> AwsClients.credentials(null, Map.of("AWS_ACCESS_KEY_ID", "AKIA")))
        .hasMessageStartingWith("AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void maxAttempts_readsAWholeNumberAndRejectsOthers() {
    assertThat(AwsClients.maxAttempts(Map.of())).isNull();
    assertThat(AwsClients.maxAttempts(Map.of("AWS_MAX_ATTEMPTS", "1"))).isEqualTo(1);
    assertThatThrownBy(() -> AwsClients.maxAttempts(Map.of("AWS_MAX_ATTEMPTS", "many")))
        .hasMessage("AWS_MAX_ATTEMPTS must be a whole number from 1 to 20, was 'many'");
  }
}
