package app.polychat.finetune.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.report.ReportFixtures;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code finetune report dataset|job} after a pipeline run on the embedded defaults (shipped
 * samples, local store, dry run, SQLite history).
 */
class ReportCommandTest {
  @TempDir static Path dir;
  static CliRunner cli;
  static String dryRunJob;

  @BeforeAll
  static void pipelineRun() throws IOException {
    Files.createDirectories(dir.resolve("configs"));
    Files.copy(
        Path.of("../configs/strudel-prompts.json"), dir.resolve("configs/strudel-prompts.json"));
    cli = new CliRunner(dir);
    var run = cli.run("pipeline", "run");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Matcher job = Pattern.compile("Job: (dry-run:\\S+)").matcher(run.out());
    assertThat(job.find()).as(run.out()).isTrue();
    dryRunJob = job.group(1);
    ReportFixture.write(dir.resolve("datasets/.finetune.db"), dir.resolve("fixture"));
  }

  @Test
  void reportDataset_ofAFolder_writesThePageBesideTheDataAndPrintsItsPath() throws IOException {
    var result = cli.run("report", "dataset", "datasets/strudel");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out().strip()).isEqualTo("datasets/strudel/dataset-report.html");
    String html = Files.readString(dir.resolve("datasets/strudel/dataset-report.html"));
    assertThat(html)
        .contains("<title>Dataset report: strudel</title>")
        .contains("data-chart=\"tokens-training\"")
        .contains("data-chart=\"styles\"")
        // failures and drops by reason are covered by core's DatasetReportTest (a run with both)
        .contains("training 43 (79.6%)");
  }

  @Test
  void reportDataset_byIdOrTrainingFile_findsTheSameDataset() throws IOException {
    var byId = cli.run("report", "dataset", "ds-1", "--output", "out/by-id.html");
    assertThat(byId.exitCode()).as(byId.err()).isZero();
    assertThat(byId.out().strip()).isEqualTo("out/by-id.html");
    var byFile =
        cli.run(
            "report", "dataset", "datasets/strudel/train.jsonl", "--output", "out/by-file.html");
    assertThat(byFile.exitCode()).as(byFile.err()).isZero();
    String a = Files.readString(dir.resolve("out/by-id.html"));
    String b = Files.readString(dir.resolve("out/by-file.html"));
    for (String html : new String[] {a, b}) {
      assertThat(html).contains("validation 11 (20.4%)").contains("<td class=\"mono\">ds-1</td>");
    }
  }

  @Test
  void reportDataset_ofSomethingUnknown_saysWhatItAccepts() {
    var result = cli.run("report", "dataset", "no-such-thing");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("'no-such-thing' is neither a folder, a file, nor a dataset id")
        .contains("recent ones are ds-1")
        .doesNotContain("Exception");
  }

  @Test
  void reportJob_ofADryRun_saysNoModelWasTrained() throws IOException {
    var result = cli.run("report", "job", dryRunJob);
    assertThat(result.exitCode()).as(result.err()).isZero();
    Path page = dir.resolve(result.out().strip());
    assertThat(page.getParent()).isEqualTo(dir.resolve("datasets/strudel"));
    String html = Files.readString(page);
    assertThat(html).contains("A dry run: nothing was submitted").contains("DryRun");
    assertThat(html).contains("<th>epochCount</th><td class=\"mono\">2</td>");
    assertThat(html).contains("estimated training tokens"); // the cost against the dataset
  }

  @Test
  void reportJob_withBedrocksCsvsAndComparison_drawsTheCurves() throws IOException {
    var result =
        cli.run(
            "report",
            "job",
            ReportFixtures.JOB_NAME,
            "--metrics-dir",
            "fixture/output",
            "--compare",
            "fixture/compare.json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out().strip())
        .isEqualTo("datasets/strudel/job-report-" + ReportFixtures.JOB_NAME + ".html");
    String html = Files.readString(dir.resolve(result.out().strip()));
    // 43 training records × 2 epochs, three CSV rows per step averaged into one point
    assertThat(pathPoints(html, "training loss")).isEqualTo(86);
    assertThat(pathPoints(html, "validation loss")).isEqualTo(8);
    assertThat(html).contains("data-lane=\"dataProcessing\"").contains(ReportFixtures.MODEL_ARN);
    assertThat(html).contains("data-chart=\"comparison\"").contains("fine-tuned");
  }

  @Test
  void reportJob_withAComparisonThatIsNotJson_namesTheFile() throws IOException {
    Files.writeString(dir.resolve("broken.json"), "{\"models\": [");
    var result = cli.run("report", "job", ReportFixtures.JOB_ARN, "--compare", "broken.json");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("broken.json").contains("not JSON");
  }

  @Test
  void reportJob_madeElsewhere_isAskedOfBedrock_andANoteReplacesUnreadableCurves()
      throws IOException {
    String arn =
        "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/amazon.nova-micro-v1:0:128k/zz99yy88xx77";
    WireMockServer bedrock = new WireMockServer(wireMockConfig().dynamicPort());
    bedrock.start();
    try {
      bedrock.stubFor(
          get(urlPathEqualTo(
                  "/model-customization-jobs/"
                      + URLEncoder.encode(arn, StandardCharsets.UTF_8).replace("+", "%20")))
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"jobArn\":\""
                              + arn
                              + "\",\"jobName\":\"made-elsewhere\",\"status\":\"Completed\","
                              + "\"baseModelArn\":\"arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0:128k\","
                              + "\"creationTime\":\"2025-11-09T12:00:00Z\",\"endTime\":\"2025-11-09T13:00:00Z\","
                              + "\"roleArn\":\"arn:aws:iam::123456789012:role/r\","
                              + "\"trainingDataConfig\":{\"s3Uri\":\"s3://b/train.jsonl\"},"
                              + "\"outputDataConfig\":{\"s3Uri\":\"s3://o/\"},"
                              + "\"outputModelArn\":\"arn:aws:bedrock:us-east-1:123456789012:custom-model/x\","
                              + "\"customizationType\":\"FINE_TUNING\",\"hyperParameters\":{}}")));
      // S3 (the same stub) has no listing for the output folder: the curves cannot be read
      var result =
          new CliRunner(dir)
              .env("AWS_REGION", "us-east-1")
              .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
              .env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
              .env("AWS_ENDPOINT_URL_BEDROCK", bedrock.baseUrl())
              .env("AWS_ENDPOINT_URL", bedrock.baseUrl())
              .env("S3_FORCE_PATH_STYLE", "true")
              .run("report", "job", arn, "--output", "reports/elsewhere.html");
      assertThat(result.exitCode()).as(result.err()).isZero();
      String html = Files.readString(dir.resolve("reports/elsewhere.html"));
      assertThat(html).contains("Job report: made-elsewhere").contains("Completed");
      assertThat(html).contains("The loss curves could not be read");
      assertThat(html).contains("No cost estimate");
    } finally {
      bedrock.stop();
    }
    try (SqliteRunTracker tracker = SqliteRunTracker.open(dir.resolve("datasets/.finetune.db"))) {
      assertThat(tracker.job(arn)).isPresent(); // recorded on the way
    }
  }

  static int pathPoints(String html, String series) {
    Matcher m =
        Pattern.compile("<path class=\"curve\" data-series=\"" + series + "\"[^>]* d=\"([^\"]*)\"")
            .matcher(html);
    assertThat(m.find()).as("curve " + series).isTrue();
    return (int) m.group(1).chars().filter(c -> c == 'M' || c == 'L').count();
  }
}
