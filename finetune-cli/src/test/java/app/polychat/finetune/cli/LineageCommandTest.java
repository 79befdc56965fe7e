package app.polychat.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.report.ReportFixtures;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code finetune lineage} and the job-end hook, over the SQLite history of a pipeline run. */
class LineageCommandTest {
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
    assertThat(job.find()).isTrue();
    dryRunJob = job.group(1);
    ReportFixture.write(dir.resolve("datasets/.finetune.db"), dir.resolve("fixture"));
  }

  @Test
  void lineage_json_linksThePromptConfigRunSplitAndDataset() {
    var result = cli.run("lineage", dryRunJob, "--json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode m = Json.parse(result.out());
    assertThat(m.path("job").path("jobArn").asText()).isEqualTo(dryRunJob);
    assertThat(m.path("generation").path("promptConfigHash").asText())
        .isEqualTo(PromptCatalog.load(Path.of("../configs/strudel-prompts.json")).configHash());
    // on the embedded defaults the plan is what the sample set can answer: all 54
    assertThat(m.path("generation").path("planned").asInt()).isEqualTo(54);
    assertThat(m.path("generation").path("kept").asInt()).isEqualTo(54);
    assertThat(m.path("generation").path("failed").asInt()).isZero();
    assertThat(m.path("dataset").path("split").path("seed").asInt()).isEqualTo(42);
    assertThat(m.path("dataset").path("filesMatchContentHash").asBoolean()).isTrue();
    assertThat(m.path("dataset").path("files").get(0).path("records").asInt()).isEqualTo(43);
  }

  @Test
  void lineage_ofAModelArn_findsItsJob_andSaveWritesItBesideDatasetAndStoredFiles()
      throws IOException {
    var result =
        cli.run("lineage", ReportFixtures.MODEL_ARN, "--save", "--compare", "fixture/compare.json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains(ReportFixtures.MODEL_ARN)
        .contains("epochCount=2")
        .contains("2 models compared");
    String name = "lineage-" + ReportFixtures.JOB_NAME + ".json";
    Path besideDataset = dir.resolve("datasets/strudel").resolve(name);
    assertThat(besideDataset).exists();
    assertThat(result.err()).contains("Saved: datasets/strudel/" + name);
    try (Stream<Path> stored = Files.walk(dir.resolve("datasets/strudel/store"))) {
      assertThat(stored.filter(p -> p.getFileName().toString().equals(name)).count()).isEqualTo(1);
    }
    JsonNode saved = Json.parse(Files.readString(besideDataset));
    assertThat(saved.path("model").path("customModelArn").asText())
        .isEqualTo(ReportFixtures.MODEL_ARN);
    assertThat(saved.path("comparison").path("models")).hasSize(2);
  }

  @Test
  void lineage_ofSomethingUnknown_isAClearError() {
    var result = cli.run("lineage", "arn:aws:bedrock:us-east-1:1:custom-model/none");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("no model or job 'arn:aws:bedrock:us-east-1:1:custom-model/none' in the history")
        .doesNotContain("Exception");
  }

  @Test
  void onJobEnd_writesTheReportAndTheManifestNextToTheDataset() throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Context context =
        new Context(
            Map.of("NO_COLOR", "1"),
            dir,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            false);
    try (Components components = new Components(context)) {
      Reports.onJobEnd(context, components, null, ReportFixtures.JOB_ARN);
    }
    assertThat(err.toString()).isEmpty();
    Path report = dir.resolve("datasets/strudel/job-report-" + ReportFixtures.JOB_NAME + ".html");
    assertThat(out.toString())
        .contains("Report:   datasets/strudel/job-report-" + ReportFixtures.JOB_NAME + ".html")
        .contains("Lineage:  datasets/strudel/lineage-" + ReportFixtures.JOB_NAME + ".json");
    assertThat(Files.readString(report)).contains("data-lane=\"training\"");
  }

  @Test
  void writeJobReport_isThePublicHelperJobWatchCalls() throws IOException {
    try (SqliteRunTracker tracker = SqliteRunTracker.open(dir.resolve("datasets/.finetune.db"))) {
      Path page = Reports.writeJobReport(tracker, null, ReportFixtures.JOB_ARN, dir.resolve("out"));
      assertThat(page)
          .isEqualTo(dir.resolve("out/job-report-" + ReportFixtures.JOB_NAME + ".html"));
      assertThat(Files.readString(page)).contains("Job report: " + ReportFixtures.JOB_NAME);
    }
  }
}
