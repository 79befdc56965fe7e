package app.polychat.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.bedrock.testing.FakeCustomizationJobs;
import app.polychat.finetune.bedrock.testing.S3ProxyServer;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "must show": {@code dataset generate → dataset upload → job create}, typed again as a
 * user would after an interruption, and once more in a new folder, against S3 (S3Proxy, started by
 * {@link S3ProxyServer} with its stock settings) and Bedrock ({@link FakeCustomizationJobs}:
 * WireMock behind the real {@code BedrockClient}, bodies per botocore's {@code service-2.json}):
 * one S3 folder, one Bedrock job, one {@code clientRequestToken}, and lineage naming the run.
 */
class RerunIsIdempotentTest {
  static final java.util.concurrent.atomic.AtomicInteger BUCKETS =
      new java.util.concurrent.atomic.AtomicInteger();
  static final String JOB = "strudel-nova-lite-v1";

  static S3ProxyServer s3;
  static FakeCustomizationJobs bedrock;

  @TempDir Path dir;
  String bucket;

  @org.junit.jupiter.api.BeforeEach
  void newBucket() {
    bucket = "training-" + BUCKETS.incrementAndGet();
    s3.createBucket(bucket);
  }

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3ProxyServer();
    bedrock = new FakeCustomizationJobs();
  }

  @AfterAll
  static void stop() {
    bedrock.close();
    s3.close();
  }

  CliRunner cliIn(Path workDir) throws IOException {
    Files.createDirectories(workDir.resolve("configs"));
    Files.copy(
        Path.of("../configs/strudel-prompts.json"),
        workDir.resolve("configs/strudel-prompts.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return new CliRunner(workDir)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY)
        .env("AWS_ENDPOINT_URL_S3", s3.endpoint().toString())
        .env("S3_FORCE_PATH_STYLE", "true")
        .env("AWS_ENDPOINT_URL_BEDROCK", bedrock.baseUrl())
        .env("BEDROCK_TRAINING_BUCKET", bucket)
        .env("BEDROCK_OUTPUT_BUCKET", "output-bucket")
        .env("BEDROCK_ROLE_ARN", "arn:aws:iam::123456789012:role/BedrockFineTuning");
  }

  /** What each {@code dataset upload} printed on standard error (its progress lines). */
  final List<String> uploadProgress = new ArrayList<>();

  /** The three commands of the README, as a user types them; returns the job ARN printed. */
  String generateUploadCreate(CliRunner cli) {
    var generate = cli.run("dataset", "generate", "--samples", "--count", "54");
    assertThat(generate.exitCode()).as(generate.out() + generate.err()).isZero();

    var upload =
        cli.run(
            "dataset",
            "upload",
            "--train",
            "datasets/strudel/train.jsonl",
            "--validation",
            "datasets/strudel/validation.jsonl");
    assertThat(upload.exitCode()).as(upload.out() + upload.err()).isZero();
    uploadProgress.add(upload.err());
    String trainUri = printed(upload.out(), "Training: (\\S+)");
    String validationUri = printed(upload.out(), "Validation: (\\S+)");

    var create =
        cli.run(
            "job",
            "create",
            "--name",
            JOB,
            "--base-model",
            "amazon.nova-lite-v1:0:300k",
            "--train-uri",
            trainUri,
            "--val-uri",
            validationUri,
            "--epochs",
            "2",
            "--yes");
    assertThat(create.exitCode()).as(create.out() + create.err()).isZero();
    return printed(create.out(), "Job ARN: (\\S+)");
  }

  static String printed(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    assertThat(m.find()).as("'%s' in:%n%s", regex, out).isTrue();
    return m.group(1);
  }

  List<String> keys() {
    List<String> keys = new ArrayList<>();
    s3.client()
        .listObjectsV2Paginator(r -> r.bucket(bucket))
        .contents()
        .forEach(o -> keys.add(o.key()));
    return keys;
  }

  @Test
  void generateUploadCreate_runTwiceAndFromAnotherFolder_makesOneFolderOneJobOneToken()
      throws IOException {
    CliRunner first = cliIn(dir.resolve("project"));
    String arn = generateUploadCreate(first);
    String again = generateUploadCreate(first); // the same commands, typed again
    String elsewhere = generateUploadCreate(cliIn(dir.resolve("laptop"))); // a fresh folder

    // one S3 folder: the dataset's content hash, holding the two files once
    Set<String> folders =
        keys().stream().map(k -> k.substring(0, k.lastIndexOf('/'))).collect(Collectors.toSet());
    assertThat(folders).singleElement().asString().matches("strudel/[0-9a-f]{64}");
    assertThat(keys()).hasSize(2);
    assertThat(uploadProgress.get(0)).contains("uploaded train.jsonl");
    assertThat(uploadProgress.subList(1, 3))
        .allSatisfy(
            progress ->
                assertThat(progress)
                    .contains("skipped train.jsonl")
                    .contains("skipped validation.jsonl")
                    .doesNotContain("uploading"));

    // one Bedrock job, one token, asked for three times
    assertThat(bedrock.createBodies).hasSize(3);
    assertThat(bedrock.createBodies.stream().map(b -> b.path("clientRequestToken").asText()))
        .containsOnly(bedrock.createBodies.get(0).path("clientRequestToken").asText());
    assertThat(bedrock.jobs).hasSize(1).containsKey(arn);
    assertThat(again).isEqualTo(arn);
    assertThat(elsewhere).isEqualTo(arn);
    assertThat(bedrock.createBodies.get(0).path("trainingDataConfig").path("s3Uri").asText())
        .startsWith("s3://" + bucket + "/" + folders.iterator().next() + "/");

    // lineage: the job traces back to the generation run, its teacher and prompt config
    var lineage = first.run("lineage", arn, "--json");
    assertThat(lineage.exitCode()).as(lineage.err()).isZero();
    JsonNode m = Json.parse(lineage.out());
    JsonNode generation = m.path("generation");
    assertThat(generation.path("runId").asText()).isNotBlank();
    assertThat(generation.path("teacher").path("source").asText()).isNotBlank();
    assertThat(generation.path("promptConfigHash").asText())
        .isEqualTo(PromptCatalog.load(Path.of("../configs/strudel-prompts.json")).configHash());
    var datasets = first.run("lineage", arn);
    assertThat(datasets.out()).contains(generation.path("runId").asText());
  }

  @Test
  void upload_fresh_makesANewTimestampedFolder() throws IOException {
    CliRunner cli = cliIn(dir.resolve("fresh"));
    var generate = cli.run("dataset", "generate", "--samples", "--count", "54", "--seed", "7");
    assertThat(generate.exitCode()).as(generate.err()).isZero();
    List<String> uris = new ArrayList<>();
    for (String[] extra : new String[][] {{}, {"--fresh"}}) {
      List<String> args =
          new ArrayList<>(List.of("dataset", "upload", "--train", "datasets/strudel/train.jsonl"));
      args.addAll(List.of(extra));
      var upload = cli.run(args.toArray(String[]::new));
      assertThat(upload.exitCode()).as(upload.err()).isZero();
      uris.add(printed(upload.out(), "Training: (\\S+)"));
    }
    assertThat(uris.get(0)).matches("s3://" + bucket + "/strudel/[0-9a-f]{64}/train.jsonl");
    assertThat(uris.get(1))
        .matches(
            "s3://" + bucket + "/strudel/\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d/train.jsonl");
  }
}
