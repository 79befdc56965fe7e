package app.polychat.finetune.bedrock.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class AwsSettingsTest {
  private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String SESSION = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";

  private static final Map<String, String> ENV =
      Map.of(
          "AWS_REGION", "eu-west-1",
          "AWS_ACCESS_KEY_ID", KEY_ID,
          "AWS_SECRET_ACCESS_KEY", SECRET,
          "AWS_SESSION_TOKEN", SESSION,
          "AWS_ENDPOINT_URL_S3", "http://localhost:9000",
          "AWS_ENDPOINT_URL", "http://localhost:4566",
          "S3_FORCE_PATH_STYLE", "true",
          "AWS_MAX_ATTEMPTS", "2");

  @Test
  void fromEnvironment_readsTheSameVariablesAsTheAwsCli() {
    AwsSettings aws = AwsSettings.fromEnvironment(ENV);

    assertThat(aws.region()).isEqualTo(Region.EU_WEST_1);
    assertThat(aws.endpoint(AwsService.S3)).contains(URI.create("http://localhost:9000"));
    assertThat(aws.endpoint(AwsService.BEDROCK)).contains(URI.create("http://localhost:4566"));
    assertThat(aws.forcePathStyle()).isTrue();
    assertThat(aws.maxAttempts()).contains(2);
    assertThat(aws.credentialsProvider()).get().isInstanceOf(StaticCredentialsProvider.class);
    var credentials = aws.credentialsProvider().get().resolveCredentials();
    assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
    assertThat(credentials.accessKeyId()).isEqualTo(KEY_ID);
  }

  @Test
  void explicitSettings_winOverTheEnvironment() {
    StaticCredentialsProvider mine =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAOTHER", "other-secret"));
    AwsSettings aws =
        AwsSettings.fromEnvironment(ENV).toBuilder()
            .region("us-west-2")
            .credentialsProvider(mine)
            .endpointOverride(AwsService.S3, URI.create("http://127.0.0.1:9999"))
            .forcePathStyle(false)
            .build();

    assertThat(aws.region()).isEqualTo(Region.US_WEST_2);
    assertThat(aws.credentialsProvider()).contains(mine);
    assertThat(aws.endpoint(AwsService.S3)).contains(URI.create("http://127.0.0.1:9999"));
    assertThat(aws.forcePathStyle()).isFalse();
  }

  @Test
  void profile_comesFromAwsProfileOrTheBuilder() {
    AwsSettings fromEnv = AwsSettings.fromEnvironment(Map.of("AWS_PROFILE", "training"));
    assertThat(fromEnv.profile()).contains("training");
    assertThat(fromEnv.credentialsProvider()).get().isInstanceOf(ProfileCredentialsProvider.class);

    AwsSettings explicit = AwsSettings.builder().environment(Map.of()).profile("other").build();
    assertThat(explicit.profile()).contains("other");
    assertThat(AwsSettings.builder().environment(Map.of()).build().credentialsProvider()).isEmpty();
  }

  @Test
  void halfAKeyPair_isAOneLineErrorNamingTheMissingVariable() {
    AwsSettings aws = AwsSettings.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", KEY_ID));
    assertThatThrownBy(aws::credentialsProvider)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY")
        .hasMessageNotContaining(KEY_ID);
  }

  @Test
  void toString_showsNoSecrets() {
    AwsSettings fromEnv = AwsSettings.fromEnvironment(ENV);
    AwsSettings explicit =
        fromEnv.toBuilder()
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsSessionCredentials.create(KEY_ID, SECRET, SESSION)))
            .region("eu-west-1")
            .profile("training")
            .build();

    for (AwsSettings aws : new AwsSettings[] {fromEnv, explicit}) {
      assertThat(aws.toString())
          .doesNotContain(KEY_ID)
          .doesNotContain(SECRET)
          .doesNotContain(SESSION)
          .doesNotContain("AKIA");
    }
    assertThat(explicit.toString())
        .contains("eu-west-1")
        .contains("profile=training")
        .contains("StaticCredentialsProvider");
  }
}
