package app.polychat.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.bedrock.testing.FakeCustomizationJobs;
import app.polychat.finetune.support.FineTuneException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing is billed without an explicit yes, and no secret reaches the terminal. */
class ConfirmationAndSecretsTest {
  static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String API_KEY = "pk-live-0123456789abcdef";

  @TempDir Path dir;
  FakeCustomizationJobs bedrock;
  CliRunner cli;

  @BeforeEach
  void start() {
    bedrock = new FakeCustomizationJobs();
    cli =
        new CliRunner(dir)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("API_KEY", API_KEY)
            .env("AWS_ENDPOINT_URL_BEDROCK", bedrock.baseUrl())
            .env("BEDROCK_OUTPUT_BUCKET", "output-bucket")
            .env("BEDROCK_ROLE_ARN", "arn:aws:iam::123456789012:role/BedrockFineTuning");
  }

  @AfterEach
  void stop() {
    bedrock.close();
  }

  @Test
  void pipelineRun_withBedrockConfiguredButNoTerminalOrYes_refusesBeforeAskingTheTeacher() {
    var result = cli.run("pipeline", "run", "--count", "12");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("not started: this run ends by submitting a training job AWS bills")
        .contains("--yes");
    assertThat(bedrock.createBodies).isEmpty();
    assertThat(dir.resolve("datasets/strudel")).doesNotExist();
  }

  @Test
  void jobCreate_withoutATerminalOrYes_refusesWithExitTwoAndSendsNothing() {
    var result =
        cli.run(
            "job",
            "create",
            "--name",
            "strudel-v1",
            "--base-model",
            "amazon.nova-lite-v1:0:300k",
            "--train-uri",
            "s3://my-bucket/strudel/t/train.jsonl");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("not submitted: AWS bills this job and there is no terminal to confirm on")
        .contains("--yes");
    assertThat(bedrock.createBodies).isEmpty();
    assertThat(cli.run("job", "list", "--local").out()).contains("No jobs in the local history.");
  }

  @Test
  void jobDistill_withoutATerminalOrYes_refusesWithExitTwoAndSendsNothing() {
    var result =
        cli.run(
            "job",
            "distill",
            "--name",
            "strudel-distilled",
            "--teacher",
            "us.amazon.nova-premier-v1:0",
            "--student",
            "amazon.nova-lite-v1:0:300k",
            "--train-uri",
            "s3://my-bucket/strudel/t/train.jsonl");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--yes");
    assertThat(bedrock.createBodies).isEmpty();
  }

  @Test
  void jobCreate_withYes_submitsOnce() {
    var result =
        cli.run(
            "job",
            "create",
            "--name",
            "strudel-v1",
            "--base-model",
            "amazon.nova-lite-v1:0:300k",
            "--train-uri",
            "s3://my-bucket/strudel/t/train.jsonl",
            "--yes");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(bedrock.createBodies).hasSize(1);
  }

  @Test
  void jobCreate_dryRun_needsNoYes_becauseNothingIsBilled() {
    var result =
        cli.run(
            "job",
            "create",
            "--name",
            "strudel-v1",
            "--base-model",
            "amazon.nova-lite-v1:0:300k",
            "--train-uri",
            "s3://my-bucket/strudel/t/train.jsonl",
            "--dry-run");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("Dry run: nothing was submitted");
    assertThat(bedrock.createBodies).isEmpty();
  }

  @Test
  void verboseTrace_scrubsSecretsFromEveryCauseAndSuppressedException() throws IOException {
    Context context = new Context(cli.env, dir, new PrintWriter(new StringWriter()), null, false);
    context.verbose(true);
    IllegalStateException root =
        new IllegalStateException("signature of " + KEY_ID + " with " + SECRET + " refused");
    RuntimeException middle =
        new RuntimeException("POST failed: Authorization: Bearer " + API_KEY, root);
    FineTuneException top = new FineTuneException("upload failed: check the bucket", middle);
    top.addSuppressed(new IOException("while closing: api_key=" + API_KEY));
    StringWriter err = new StringWriter();

    int code = FinetuneCli.report(top, context, new PrintWriter(err, true));

    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .contains("error: upload failed: check the bucket")
        .contains("Caused by: java.lang.RuntimeException: POST failed")
        .contains("Caused by: java.lang.IllegalStateException: signature of")
        .contains("Suppressed: java.io.IOException: while closing")
        .contains("at app.polychat.finetune.cli.ConfirmationAndSecretsTest")
        .doesNotContain(KEY_ID)
        .doesNotContain(SECRET)
        .doesNotContain(API_KEY);
  }

  @Test
  void verboseTrace_scrubsASecretSettingEvenWhenNothingMarksItAsOne() {
    // a bare value (no "key=" or "Bearer" before it) is caught because it is a setting's value
    Context context =
        new Context(
            Map.of("API_KEY", API_KEY), dir, new PrintWriter(new StringWriter()), null, false);
    context.verbose(true);
    StringWriter err = new StringWriter();

    FinetuneCli.report(
        new FineTuneException("failed", new RuntimeException("echoed " + API_KEY)),
        context,
        new PrintWriter(err, true));

    assertThat(err.toString()).contains("echoed ****").doesNotContain(API_KEY);
  }

  @Test
  void configShow_masksTheAccessKeyIdAsAwsConfigureListDoes() {
    var result = cli.run("config", "show");

    assertThat(result.exitCode()).as(result.err()).isZero();
    // aws configure list: sixteen asterisks and the last four characters
    assertThat(result.out())
        .containsPattern("AWS_ACCESS_KEY_ID\\s+\\*{16}MPLE\\s")
        .doesNotContain(KEY_ID)
        .doesNotContain(SECRET)
        .doesNotContain(API_KEY);
  }
}
