package app.polychat.finetune.bedrock.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.bedrock.testing.S3ProxyServer;
import app.polychat.finetune.format.DatasetFormats;
import app.polychat.finetune.format.JsonlReader;
import app.polychat.finetune.generate.GenerationEngine;
import app.polychat.finetune.generate.GenerationOptions;
import app.polychat.finetune.generate.GenerationResult;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.prompt.PromptPlan;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceListener;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.support.Json;
import app.polychat.finetune.track.CountingRunTracker;
import app.polychat.finetune.track.ForwardingRunTracker;
import app.polychat.finetune.track.InMemoryRunTracker;
import app.polychat.finetune.track.JournalEntry;
import app.polychat.finetune.track.JournalStatus;
import app.polychat.finetune.track.RunTracker;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The batch teacher's whole life cycle on real clients: WireMock standing in for Bedrock batch
 * inference ({@link FakeBatchInference}), S3Proxy holding the input and output files, the real
 * generation engine journaling the results.
 */
@Timeout(120)
class BedrockBatchExampleSourceTest {
  static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
  static final String BUCKET = "training-bucket";
  static final String ROLE = "arn:aws:iam::123456789012:role/BedrockBatchInference";

  @TempDir Path dir;
  S3ProxyServer s3;
  FakeBatchInference bedrock;
  final List<String> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    s3 = new S3ProxyServer();
    s3.createBucket(BUCKET);
    bedrock = new FakeBatchInference(s3.client());
  }

  @AfterEach
  void stop() {
    bedrock.close();
    s3.close();
  }

  static PromptPlan plan(int count) {
    return PromptCatalog.load(
            BedrockBatchExampleSourceTest.class.getResourceAsStream("/prompts/mini.json"), "mini")
        .plan(count, List.of(), List.of(), 0);
  }

  /** Jobs of 5 to 20 records (so small plans split), polled every 10 ms. */
  static BedrockBatchExampleSource.Builder source(BedrockClient bedrock, S3Client s3) {
    return BedrockBatchExampleSource.builder()
        .model(MODEL)
        .roleArn(ROLE)
        .location(URI.create("s3://" + BUCKET + "/batch/"))
        .bedrockClient(bedrock)
        .s3Client(s3)
        .maxTokens(1000)
        .minRecordsPerJob(5)
        .maxRecordsPerJob(20)
        .pollInterval(Duration.ofMillis(10));
  }

  BedrockBatchExampleSource.Builder source() {
    return source(bedrock.client(), s3.client())
        .addListener(
            new SourceListener() {
              @Override
              public void onBulkJobStarted(String jobArn, int records, boolean reattached) {
                events.add((reattached ? "reattached " : "started ") + records);
              }

              @Override
              public void onBulkJobStatus(String arn, String status, long processed, long total) {
                events.add(status);
              }

              @Override
              public void onBulkJobCollected(String jobArn, int answered, int failed) {
                events.add("collected " + answered + "/" + failed);
              }
            });
  }

  GenerationResult run(BedrockBatchExampleSource source, RunTracker tracker, int count) {
    return run(source, tracker, count, GenerationOptions.defaults(dir));
  }

  GenerationResult run(
      BedrockBatchExampleSource source, RunTracker tracker, int count, GenerationOptions options) {
    return GenerationEngine.builder()
        .source(source)
        .tracker(tracker)
        .build()
        .run(plan(count), options);
  }

  static GenerationOptions retryFailed(Path dir) {
    return new GenerationOptions(dir, "bedrock-conversation-2024", 0.8, 42, false, true);
  }

  Map<String, Integer> indexById(int count) {
    Map<String, Integer> index = new HashMap<>();
    plan(count).requests().forEach(r -> index.put(r.id(), r.index()));
    return index;
  }

  List<Integer> trainOrder(int count) {
    Map<String, Integer> index = indexById(count);
    List<Integer> order = new ArrayList<>();
    JsonlReader.forEachExample(
        dir.resolve("train.jsonl"),
        DatasetFormats.bedrockConversation(),
        e -> {
          String text = e.conversation().lastAssistantText().orElseThrow();
          String id = text.substring(text.indexOf("// ") + 3, text.lastIndexOf(' '));
          order.add(index.get(id));
        });
    return order;
  }

  @Test
  void lifecycle_splitsThePlanSubmitsWatchesAndCollectsWithPartialFailures() {
    List<GenerationRequest> requests = plan(50).requests();
    Set<String> failing = Set.of(requests.get(7).id(), requests.get(23).id());
    String missing = requests.get(31).id();
    bedrock.failsRecord = failing::contains;
    bedrock.dropsRecord = missing::equals;
    bedrock.endStatus = "PartiallyCompleted";
    InMemoryRunTracker tracker = new InMemoryRunTracker();

    GenerationResult result;
    try (BedrockBatchExampleSource source = source().build()) {
      // three requests end without an answer: the short dataset is written because it is allowed
      result = run(source, tracker, 50, GenerationOptions.defaults(dir).withAllowPartial(true));
    }

    // 50 records within 5..20 per job: three jobs of 17, 17 and 16
    assertThat(bedrock.jobsCreated()).isEqualTo(3);
    assertThat(events).contains("started 17", "started 16", "Submitted", "InProgress");
    assertThat(events).filteredOn(e -> e.startsWith("collected")).hasSize(3);
    JsonNode create = Json.parse(bedrock.createBodies.get(0));
    assertThat(create.path("modelInvocationType").asText()).isEqualTo("Converse");
    assertThat(create.path("modelId").asText()).isEqualTo(MODEL);
    assertThat(create.path("roleArn").asText()).isEqualTo(ROLE);
    assertThat(create.path("clientRequestToken").asText()).matches("[0-9a-f]{64}");
    assertThat(create.path("jobName").asText()).matches("finetune-batch-[0-9a-f]{16}-0");
    String inputUri =
        create.path("inputDataConfig").path("s3InputDataConfig").path("s3Uri").asText();
    assertThat(inputUri).startsWith("s3://" + BUCKET + "/batch/").endsWith("/input.jsonl");
    assertThat(
            create.path("inputDataConfig").path("s3InputDataConfig").path("s3InputFormat").asText())
        .isEqualTo("JSONL");

    // the input file: recordId = request id, modelInput = the Converse body
    String input = s3.read(BUCKET, inputUri.substring(("s3://" + BUCKET + "/").length()));
    String[] lines = input.split("\n");
    assertThat(lines).hasSize(17);
    JsonNode first = Json.parse(lines[0]);
    assertThat(first.path("recordId").asText()).isEqualTo(requests.get(0).id());
    assertThat(first.path("modelInput").path("system").path(0).path("text").asText())
        .isEqualTo(requests.get(0).systemPrompt());
    assertThat(
            first
                .path("modelInput")
                .path("messages")
                .path(0)
                .path("content")
                .path(0)
                .path("text")
                .asText())
        .isEqualTo(requests.get(0).prompt());
    assertThat(first.path("modelInput").path("inferenceConfig").path("maxTokens").asInt())
        .isEqualTo(1000);

    // every request has its outcome: 47 answers, 2 record errors, 1 missing from the output
    assertThat(result.stoppedReason()).isNull();
    assertThat(result.examples()).isEqualTo(47);
    assertThat(result.failed()).isEqualTo(3);
    assertThat(result.failuresByReason().keySet())
        .anySatisfy(r -> assertThat(r).contains("batch record failed: 400 Malformed"))
        .anySatisfy(r -> assertThat(r).contains("ended PartiallyCompleted without an answer"));
    List<JournalEntry> journal = new ArrayList<>();
    tracker.forEachJournalEntry(result.runId(), journal::add);
    assertThat(journal).hasSize(50);
    JournalEntry answered = journal.get(0);
    assertThat(answered.inputTokens()).isPositive();
    assertThat(answered.outputTokens()).isBetween(60, 99);
    assertThat(answered.example().metadata().extra())
        .containsEntry("source", "bedrock-batch")
        .containsEntry("tokens", "reported")
        .containsKey("batchJob");

    // files in plan order, whatever order the results came back in
    List<Integer> order = trainOrder(50);
    assertThat(order).hasSize((int) result.dataset().trainCount()).isSorted();

    // the checkpoints hold the three jobs, collected
    assertThat(tracker.checkpoints(result.runId()))
        .hasSize(3)
        .allSatisfy(
            (key, value) -> {
              assertThat(key).startsWith("bedrock-batch/chunk/");
              assertThat(value)
                  .contains("\"state\":\"COLLECTED\"")
                  .contains("model-invocation-job");
            });
  }

  @Test
  void rerun_ofACollectedPlanSubmitsNothing() {
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    try (BedrockBatchExampleSource source = source().build()) {
      run(source, tracker, 30);
    }
    int bodies = bedrock.createBodies.size();
    GenerationResult again;
    try (BedrockBatchExampleSource source = source().build()) {
      again = run(source, tracker, 30);
    }
    assertThat(again.resumed()).isEqualTo(30);
    assertThat(again.examples()).isEqualTo(30);
    assertThat(bedrock.createBodies).hasSize(bodies);
    assertThat(bedrock.jobsCreated()).isEqualTo(2);
  }

  @Test
  void crashBetweenSubmitAndCheckpoint_rerunFindsTheSameJobByItsToken() {
    InMemoryRunTracker store = new InMemoryRunTracker();
    AtomicInteger lost = new AtomicInteger();
    RunTracker crashing =
        new ForwardingRunTracker(store) {
          @Override
          public void recordCheckpoint(String runId, String key, String value) {
            if (value.contains("SUBMITTED") && lost.getAndIncrement() == 0) {
              throw new app.polychat.finetune.track.TrackerException("disk full (simulated)");
            }
            super.recordCheckpoint(runId, key, value);
          }
        };
    GenerationResult first;
    try (BedrockBatchExampleSource source = source().build()) {
      first = run(source, crashing, 12);
    }
    assertThat(first.stoppedReason()).contains("disk full");
    assertThat(bedrock.jobsCreated()).isEqualTo(1);
    assertThat(store.checkpoints(first.runId()).values())
        .singleElement()
        .satisfies(v -> assertThat(v).contains("\"state\":\"PLANNED\""));

    CountingRunTracker counting = new CountingRunTracker(store);
    GenerationResult second;
    try (BedrockBatchExampleSource source = source().build()) {
      second = run(source, counting, 12);
    }
    assertThat(second.stoppedReason()).isNull();
    assertThat(second.resumed()).isZero();
    assertThat(second.examples()).isEqualTo(12);
    assertThat(bedrock.createBodies).hasSize(2);
    assertThat(Json.parse(bedrock.createBodies.get(1)).path("clientRequestToken"))
        .isEqualTo(Json.parse(bedrock.createBodies.get(0)).path("clientRequestToken"));
    assertThat(bedrock.jobsCreated()).isEqualTo(1);
    assertThat(counting.journalWrites()).hasSize(12).allSatisfy((id, n) -> assertThat(n).isOne());
  }

  @Test
  void crashMidDownload_rerunCollectsTheRestAndJournalsNothingTwice() throws Exception {
    Path database = dir.resolve("finetune.db");
    Path output = dir.resolve("dataset");
    int planned = 40;
    int haltAfter = 13;
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                BatchCrashProcess.class.getName(),
                bedrock.endpoint().toString(),
                s3.endpoint().toString(),
                database.toString(),
                output.toString(),
                Integer.toString(planned),
                Integer.toString(haltAfter))
            .redirectErrorStream(true)
            .start();
    String childOutput = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(childOutput).isEqualTo(3);
    assertThat(childOutput).contains("halting after 13 journaled results");
    int jobsBefore = bedrock.jobsCreated();
    int createsBefore = bedrock.createBodies.size();
    assertThat(jobsBefore).isEqualTo(2); // 40 records: two jobs of 20

    Set<String> journaledBefore;
    try (SqliteRunTracker reopened = SqliteRunTracker.open(database)) {
      String runId = reopened.latestRun(plan(planned).planHash()).orElseThrow().runId();
      journaledBefore = reopened.journalStatuses(runId).keySet();
    }
    assertThat(journaledBefore).hasSize(haltAfter);

    GenerationResult rerun;
    CountingRunTracker counting;
    try (SqliteRunTracker tracker = SqliteRunTracker.open(database);
        BedrockBatchExampleSource source = source().build()) {
      counting = new CountingRunTracker(tracker);
      rerun =
          GenerationEngine.builder()
              .source(source)
              .tracker(counting)
              .build()
              .run(plan(planned), GenerationOptions.defaults(output));
    }

    assertThat(rerun.resumed()).isEqualTo(haltAfter);
    assertThat(rerun.examples()).isEqualTo(planned);
    assertThat(bedrock.jobsCreated()).isEqualTo(jobsBefore);
    assertThat(bedrock.createBodies).hasSize(createsBefore); // nothing submitted again
    assertThat(events).contains("reattached 20");
    assertThat(counting.journalWrites())
        .hasSize(planned - haltAfter)
        .doesNotContainKeys(journaledBefore.toArray(String[]::new))
        .allSatisfy((id, n) -> assertThat(n).isOne());
  }

  @Test
  void stop_leavesTheJobRunningAndTheRerunCollectsIt() {
    bedrock.pollsBeforeEnd = 1_000_000;
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    AtomicReference<GenerationEngine> engine = new AtomicReference<>();
    GenerationResult stopped;
    GenerationResult collected;
    try (BedrockBatchExampleSource source =
        source()
            .addListener(
                new SourceListener() {
                  @Override
                  public void onBulkJobStatus(String a, String status, long p, long t) {
                    if (status.equals("InProgress") && bedrock.pollsBeforeEnd > 0) {
                      engine.get().requestStop("interrupted (Ctrl-C)");
                    }
                  }
                })
            .build()) {
      engine.set(GenerationEngine.builder().source(source).tracker(tracker).build());
      stopped = engine.get().run(plan(10), GenerationOptions.defaults(dir));
      assertThat(stopped.stoppedReason()).isEqualTo("interrupted (Ctrl-C)");
      assertThat(stopped.examples()).isZero();
      assertThat(bedrock.stopCalls).hasValue(0);
      assertThat(bedrock.jobsCreated()).isEqualTo(1);

      // the same source serves the resumed run
      bedrock.pollsBeforeEnd = 0;
      collected = run(source, tracker, 10);
    }
    assertThat(collected.examples()).isEqualTo(10);
    assertThat(bedrock.jobsCreated()).isEqualTo(1);
    assertThat(events).contains("reattached 10");
  }

  @Test
  void stopJobsOnCancel_stopsTheJobAndARetryAsksAgainForWhatItDidNotAnswer() {
    bedrock.pollsBeforeEnd = 1_000_000;
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    AtomicReference<GenerationEngine> engine = new AtomicReference<>();
    try (BedrockBatchExampleSource source =
        source()
            .stopJobsOnCancel(true)
            .addListener(
                new SourceListener() {
                  @Override
                  public void onBulkJobStatus(String a, String status, long p, long t) {
                    if (status.equals("InProgress")) {
                      engine.get().requestStop("interrupted (Ctrl-C)");
                    }
                  }
                })
            .build()) {
      engine.set(GenerationEngine.builder().source(source).tracker(tracker).build());
      engine.get().run(plan(12), GenerationOptions.defaults(dir));
    }
    assertThat(bedrock.stopCalls).hasValue(1);

    // the stopped job answered half; the rest are failures that say what happened
    GenerationResult afterStop;
    try (BedrockBatchExampleSource source = source().build()) {
      afterStop = run(source, tracker, 12);
    }
    assertThat(afterStop.examples()).isEqualTo(6);
    assertThat(afterStop.failuresByReason().keySet())
        .singleElement()
        .satisfies(r -> assertThat(r).contains("ended Stopped"));

    // a rerun asks again for failures: the six go into a new job (a new token), and only they
    bedrock.pollsBeforeEnd = 2;
    GenerationResult retried;
    try (BedrockBatchExampleSource source = source().build()) {
      retried = run(source, tracker, 12, retryFailed(dir));
    }
    assertThat(retried.examples()).isEqualTo(12);
    assertThat(bedrock.jobsCreated()).isEqualTo(2);
    assertThat(bedrock.jobs().get(1).total).isEqualTo(6);
  }

  @Test
  void tooFewForAJob_goToTheFallbackTeacherOrFailSayingWhy() {
    List<GenerationRequest> requests = plan(12).requests();
    Set<String> failing = Set.of(requests.get(2).id(), requests.get(9).id());
    bedrock.failsRecord = failing::contains;
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    try (BedrockBatchExampleSource source = source().build()) {
      assertThat(run(source, tracker, 12).failed()).isEqualTo(2);
    }
    bedrock.failsRecord = id -> false;

    // two left to retry, fewer than a job's minimum of 5, and no fallback
    GenerationResult refused;
    try (BedrockBatchExampleSource source = source().build()) {
      refused = run(source, tracker, 12, retryFailed(dir));
    }
    assertThat(refused.failuresByReason().keySet())
        .singleElement()
        .satisfies(r -> assertThat(r).contains("needs at least 5 records and only 2"));

    List<String> asked = new CopyOnWriteArrayList<>();
    ExampleSource onDemand =
        request -> {
          asked.add(request.id());
          return GeneratedExample.answer(
              request, FakeBatchInference.answerFor(request.id()), MODEL, 10, 70, null, 1);
        };
    GenerationResult completed;
    try (BedrockBatchExampleSource source = source().smallBatchFallback(onDemand).build()) {
      completed = run(source, tracker, 12, retryFailed(dir));
    }
    assertThat(asked).containsExactlyInAnyOrderElementsOf(failing);
    assertThat(completed.examples()).isEqualTo(12);
    assertThat(bedrock.jobsCreated()).isEqualTo(1);
  }

  @Test
  void aFullQueue_keepsTheJobPlannedUntilBedrockTakesIt() {
    bedrock.nextCreateError = new String[] {"ServiceQuotaExceededException", "400"};
    GenerationResult result;
    try (BedrockBatchExampleSource source = source().build()) {
      result = run(source, new InMemoryRunTracker(), 8);
    }
    assertThat(result.examples()).isEqualTo(8);
    assertThat(bedrock.createBodies).hasSize(2);
    assertThat(bedrock.jobsCreated()).isEqualTo(1);
  }

  @Test
  void aRefusedJob_stopsTheRunWithBedrocksReasonAndJournalsNothing() {
    bedrock.nextCreateError = new String[] {"AccessDeniedException", "403"};
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    GenerationResult result;
    try (BedrockBatchExampleSource source = source().build()) {
      result = run(source, tracker, 8);
    }
    assertThat(result.stoppedReason())
        .contains("Bedrock denied the request to create batch job")
        .contains("iam:PassRole on " + ROLE);
    assertThat(tracker.journalStatuses(result.runId())).isEmpty();
    assertThat(bedrock.jobsCreated()).isZero();
  }

  @Test
  void builder_namesWhatIsMissingAndRejectsLimitsThatCannotSplitAPlan() {
    assertThatThrownBy(() -> BedrockBatchExampleSource.builder().roleArn(ROLE).build())
        .hasMessageContaining("model is required");
    assertThatThrownBy(() -> BedrockBatchExampleSource.builder().roleArn("admin"))
        .hasMessageContaining("is not an IAM role ARN");
    assertThatThrownBy(
            () ->
                source(bedrock.client(), s3.client())
                    .minRecordsPerJob(100)
                    .maxRecordsPerJob(150)
                    .build())
        .hasMessageContaining("at least twice minRecordsPerJob");
    assertThatThrownBy(() -> source().timeoutHours(12)).hasMessageContaining("from 24 to 168");
  }

  @Test
  void journaledStatuses_areDoneOrFailedNeverLost() {
    bedrock.endStatus = "Failed";
    InMemoryRunTracker tracker = new InMemoryRunTracker();
    GenerationResult result;
    try (BedrockBatchExampleSource source = source().build()) {
      result = run(source, tracker, 10);
    }
    // a failed job wrote half its results before it failed; the rest carry the job's message
    assertThat(result.examples()).isEqualTo(5);
    assertThat(result.failuresByReason().keySet())
        .singleElement()
        .satisfies(r -> assertThat(r).contains("ended Failed (Internal failure while processing"));
    assertThat(tracker.journalStatuses(result.runId()).values())
        .hasSize(10)
        .containsOnly(JournalStatus.DONE, JournalStatus.FAILED);
  }
}
