package app.polychat.finetune.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.example.Conversation;
import app.polychat.finetune.example.ExampleMetadata;
import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.job.StageStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RunTracker} must have. An implementation's test extends this class and
 * says how to make a fresh, empty tracker; the tests here then run against it. Kept once, in core's
 * test-jar, so the in-memory and SQLite trackers cannot drift apart.
 */
public abstract class RunTrackerContract {
  /** A secret that must never come back from the tracker. */
  protected static final String API_KEY = "sk-live-4f9a8b7c6d5e4f3a2b1c0d9e";

  protected RunTracker tracker;

  /** A new, empty tracker; the contract closes it after each test. */
  protected abstract RunTracker newTracker();

  @BeforeEach
  void openTracker() {
    tracker = newTracker();
  }

  @AfterEach
  void closeTracker() {
    tracker.close();
  }

  // ---------------------------------------------------------------- test data

  protected static RunSpec spec(String planHash) {
    return new RunSpec(
        planHash,
        "cfg-" + planHash,
        "polychat:claude-4-5-sonnet",
        "claude-4-5-sonnet",
        3,
        new RunSettings(List.of("techno", "house"), List.of("simple"), 0.8, 42L, null));
  }

  protected static TrainingExample example(String requestId, String answer) {
    ExampleMetadata metadata =
        new ExampleMetadata(
            requestId,
            "techno",
            "simple",
            "claude-4-5-sonnet",
            120,
            480,
            Duration.ofMillis(1234),
            Instant.parse("2025-11-09T12:00:00.123456Z"),
            Map.of("attempt", "1"));
    return new TrainingExample(
        Conversation.of("You are a Strudel expert.", "Make a techno loop", answer), metadata);
  }

  protected static JournalEntry done(String requestId, int planIndex) {
    return new JournalEntry(
        requestId,
        planIndex,
        JournalStatus.DONE,
        example(requestId, "s(\"bd*4\") // " + requestId),
        null,
        1,
        Duration.ofNanos(1_234_567_891L),
        120,
        480,
        Instant.parse("2025-11-09T12:00:01.000000001Z"));
  }

  protected static JournalEntry failed(String requestId, int planIndex, String reason) {
    return new JournalEntry(
        requestId,
        planIndex,
        JournalStatus.FAILED,
        null,
        reason,
        3,
        null,
        null,
        null,
        Instant.parse("2025-11-09T12:00:02Z"));
  }

  protected static DatasetRecord dataset(String runId, String trainUri, Instant createdAt) {
    return new DatasetRecord(
        null,
        "strudel",
        runId,
        "datasets/strudel/train.jsonl",
        "datasets/strudel/validation.jsonl",
        trainUri,
        trainUri == null ? null : trainUri.replace("train", "validation"),
        240,
        60,
        "sha256-abc",
        "bedrock-conversation-2024",
        createdAt,
        Map.of("seed", "42", "splitRatio", "0.8"));
  }

  protected static JobRecord job(String jobId, String name, String datasetId, Instant createdAt) {
    return new JobRecord(
        jobId,
        name,
        "amazon.nova-lite-v1:0:300k",
        name + "-model",
        CustomizationType.FINE_TUNING,
        JobState.IN_PROGRESS,
        datasetId,
        createdAt,
        createdAt,
        Map.of("project", "strudel", "epochs", "2", "learningRate", "0.00001"));
  }

  protected static JobStatus status(String jobId, JobState state, Double trainingLoss) {
    return new JobStatus(
        jobId,
        null,
        state,
        List.of(
            new StageStatus("validation", "Completed", null, null),
            new StageStatus(
                "training", state == JobState.COMPLETED ? "Completed" : "InProgress", null, null)),
        null,
        state == JobState.COMPLETED ? "arn:aws:bedrock:us-east-1:123:custom-model/x" : null,
        null,
        Instant.now(),
        null,
        trainingLoss,
        null);
  }

  // ---------------------------------------------------------------- runs

  @Test
  void startRun_assignsIdAndKeepsTheSpec() {
    RunRecord run = tracker.startRun(spec("plan-a"));

    assertThat(run.runId()).isNotBlank();
    assertThat(run.createdAt()).isNotNull();
    assertThat(tracker.run(run.runId())).contains(run);
    assertThat(run.spec().planHash()).isEqualTo("plan-a");
    assertThat(run.spec().promptConfigHash()).isEqualTo("cfg-plan-a");
    assertThat(run.spec().teacherModel()).isEqualTo("claude-4-5-sonnet");
    assertThat(run.spec().plannedCount()).isEqualTo(3);
    assertThat(run.spec().settings().styles()).containsExactly("techno", "house");
    assertThat(run.spec().settings().trainRatio()).isEqualTo(0.8);
    assertThat(run.spec().settings().seed()).isEqualTo(42L);
  }

  @Test
  void startRun_masksSecretsInTheSourceDescription() {
    // the spec's settings are typed (no free-form map a key could hide in); the one free text a
    // secret can reach is the source's description
    RunSpec careless =
        new RunSpec(
            "plan-a",
            null,
            "polychat:claude-4-5-sonnet apiKey=" + API_KEY,
            "claude-4-5-sonnet",
            3,
            RunSettings.unknown());
    RunRecord run = tracker.startRun(careless);

    RunRecord stored = tracker.run(run.runId()).orElseThrow();
    assertThat(stored.spec().source()).contains("apiKey=****").doesNotContain(API_KEY);
    assertThat(stored.toString()).doesNotContain(API_KEY);
  }

  @Test
  void startRun_givesEachRunItsOwnId() {
    RunRecord first = tracker.startRun(spec("plan-a"));
    RunRecord second = tracker.startRun(spec("plan-a"));

    assertThat(first.runId()).isNotEqualTo(second.runId());
  }

  @Test
  void run_unknownIdIsEmpty() {
    assertThat(tracker.run("no-such-run")).isEmpty();
  }

  @Test
  void latestRun_findsTheMostRecentRunOfThePlan() {
    tracker.startRun(spec("plan-a"));
    RunRecord newest = tracker.startRun(spec("plan-a"));
    tracker.startRun(spec("plan-b"));

    assertThat(tracker.latestRun("plan-a")).contains(newest);
    assertThat(tracker.latestRun("plan-unknown")).isEmpty();
  }

  // ---------------------------------------------------------------- journal

  @Test
  void journal_keepsTheExampleAndItsFigures() {
    RunRecord run = tracker.startRun(spec("plan-a"));
    JournalEntry entry = done("req-1", 0);

    tracker.journal(run.runId(), entry);

    List<JournalEntry> stored = new ArrayList<>();
    tracker.forEachJournalEntry(run.runId(), stored::add);
    assertThat(stored).containsExactly(entry);
  }

  @Test
  void journal_latestEntryForARequestWins() {
    RunRecord run = tracker.startRun(spec("plan-a"));
    tracker.journal(run.runId(), failed("req-1", 0, "HTTP 503 from the teacher"));
    tracker.journal(run.runId(), done("req-2", 1));

    tracker.journal(run.runId(), done("req-1", 0));

    assertThat(tracker.journalStatuses(run.runId()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("req-1", JournalStatus.DONE, "req-2", JournalStatus.DONE));
    List<JournalEntry> stored = new ArrayList<>();
    tracker.forEachJournalEntry(run.runId(), stored::add);
    assertThat(stored).hasSize(2);
    assertThat(stored.get(0).status()).isEqualTo(JournalStatus.DONE);
  }

  @Test
  void journal_keepsHowOftenEachRequestWasAsked() {
    RunRecord run = tracker.startRun(spec("plan-a"));
    JournalEntry failedTwice =
        new JournalEntry(
            "req-1",
            0,
            JournalStatus.FAILED,
            null,
            "HTTP 500 from the teacher",
            3,
            null,
            null,
            null,
            Instant.parse("2025-11-09T12:00:02Z"),
            2);
    tracker.journal(run.runId(), failedTwice);
    tracker.journal(run.runId(), done("req-2", 1));

    assertThat(tracker.journalStates(run.runId()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "req-1", new JournalState(JournalStatus.FAILED, 2),
                "req-2", new JournalState(JournalStatus.DONE, 1)));
    List<JournalEntry> stored = new ArrayList<>();
    tracker.forEachJournalEntry(run.runId(), stored::add);
    assertThat(stored.get(0).asks()).isEqualTo(2);
    assertThat(stored.get(0).attempts()).isEqualTo(3);
  }

  @Test
  void checkWritable_passesOnAWritableTrackerAndWritesNothing() {
    RunRecord run = tracker.startRun(spec("plan-a"));
    tracker.checkWritable(1024);
    assertThat(tracker.journalStates(run.runId())).isEmpty();
    assertThat(tracker.datasets(10)).isEmpty();
  }

  @Test
  void journal_keepsRunsApart() {
    RunRecord first = tracker.startRun(spec("plan-a"));
    RunRecord second = tracker.startRun(spec("plan-b"));

    tracker.journal(first.runId(), done("req-1", 0));

    assertThat(tracker.journalStatuses(first.runId())).containsOnlyKeys("req-1");
    assertThat(tracker.journalStatuses(second.runId())).isEmpty();
  }

  @Test
  void journal_intoAnUnknownRunIsRefused() {
    assertThatThrownBy(() -> tracker.journal("no-such-run", done("req-1", 0)))
        .isInstanceOf(TrackerException.class)
        .hasMessageContaining("no-such-run");
  }

  @Test
  void journal_recordsFailuresAndDropsWithTheirReason() {
    RunRecord run = tracker.startRun(spec("plan-a"));
    JournalEntry dropped =
        new JournalEntry(
            "req-2",
            1,
            JournalStatus.DROPPED,
            example("req-2", "```js\nnote(\"c\")\n```"),
            "markdown fences",
            1,
            Duration.ofMillis(900),
            100,
            20,
            Instant.parse("2025-11-09T12:00:03Z"));

    tracker.journal(run.runId(), failed("req-1", 0, "HTTP 400: prompt too long"));
    tracker.journal(run.runId(), dropped);

    List<JournalEntry> stored = new ArrayList<>();
    tracker.forEachJournalEntry(run.runId(), stored::add);
    assertThat(stored).containsExactly(failed("req-1", 0, "HTTP 400: prompt too long"), dropped);
  }

  @Test
  void journal_redactsSecretsInReasons() {
    RunRecord run = tracker.startRun(spec("plan-a"));

    tracker.journal(
        run.runId(), failed("req-1", 0, "401 Unauthorized for Authorization: Bearer " + API_KEY));

    List<JournalEntry> stored = new ArrayList<>();
    tracker.forEachJournalEntry(run.runId(), stored::add);
    assertThat(stored.get(0).reason()).contains("401 Unauthorized").doesNotContain(API_KEY);
  }

  @Test
  void forEachJournalEntry_streamsInPlanOrder() {
    RunRecord run = tracker.startRun(spec("plan-a"));
    for (int i : new int[] {4, 0, 3, 1, 2}) {
      tracker.journal(run.runId(), done("req-" + i, i));
    }

    List<Integer> order = new ArrayList<>();
    tracker.forEachJournalEntry(run.runId(), e -> order.add(e.planIndex()));

    assertThat(order).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void forEachJournalEntry_letsTheActionUseTheTracker() {
    RunRecord run = tracker.startRun(spec("plan-a"));
    tracker.journal(run.runId(), failed("req-1", 0, "timeout"));
    tracker.journal(run.runId(), failed("req-2", 1, "timeout"));

    tracker.forEachJournalEntry(
        run.runId(), e -> tracker.journal(run.runId(), done(e.requestId(), e.planIndex())));

    assertThat(tracker.journalStatuses(run.runId()).values())
        .containsOnly(JournalStatus.DONE)
        .hasSize(2);
  }

  @Test
  void journal_acceptsEntriesFromManyThreadsAtOnce() throws Exception {
    RunRecord run = tracker.startRun(spec("plan-a"));
    int threads = 4;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t * perThread;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    tracker.journal(run.runId(), done("req-" + (offset + i), offset + i));
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(tracker.journalStatuses(run.runId())).hasSize(threads * perThread);
  }

  // ---------------------------------------------------------------- datasets

  @Test
  void recordCheckpoint_isKeptPerRunAndTheLatestValueWins() {
    RunRecord first = tracker.startRun(spec("plan-a"));
    RunRecord second = tracker.startRun(spec("plan-b"));
    tracker.recordCheckpoint(first.runId(), "batch/chunk/0", "{\"state\":\"planned\"}");
    tracker.recordCheckpoint(first.runId(), "batch/chunk/1", "planned");
    tracker.recordCheckpoint(first.runId(), "batch/chunk/0", "{\"state\":\"submitted\"}");
    assertThat(tracker.checkpoints(first.runId()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("batch/chunk/0", "{\"state\":\"submitted\"}", "batch/chunk/1", "planned"));
    assertThat(tracker.checkpoints(second.runId())).isEmpty();
  }

  @Test
  void recordCheckpoint_intoAnUnknownRunIsRefused() {
    assertThatThrownBy(() -> tracker.recordCheckpoint("run-404", "k", "v"))
        .isInstanceOf(TrackerException.class)
        .hasMessageContaining("run-404");
  }

  @Test
  void recordCheckpoint_redactsSecretsAndRejectsABlankKey() {
    RunRecord run = tracker.startRun(spec("plan-a"));
    tracker.recordCheckpoint(run.runId(), "note", "sent Authorization: Bearer " + API_KEY);
    assertThat(tracker.checkpoints(run.runId()).get("note")).doesNotContain(API_KEY);
    assertThatThrownBy(() -> tracker.recordCheckpoint(run.runId(), " ", "v"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recordDataset_assignsAnIdAndATime() {
    DatasetRecord stored = tracker.recordDataset(dataset(null, null, null));

    assertThat(stored.datasetId()).isNotBlank();
    assertThat(stored.createdAt()).isNotNull();
    assertThat(tracker.dataset(stored.datasetId())).contains(stored);
  }

  @Test
  void recordDataset_withTheSameIdUpdatesIt() {
    DatasetRecord stored = tracker.recordDataset(dataset(null, null, null));

    DatasetRecord uploaded =
        tracker.recordDataset(
            stored.withUris("s3://bucket/strudel/train.jsonl", "s3://bucket/strudel/val.jsonl"));

    assertThat(uploaded.datasetId()).isEqualTo(stored.datasetId());
    assertThat(tracker.dataset(stored.datasetId()).orElseThrow().trainUri())
        .isEqualTo("s3://bucket/strudel/train.jsonl");
    assertThat(tracker.datasets(10)).hasSize(1);
  }

  @Test
  void recordDataset_keepsACallersId() {
    DatasetRecord given = dataset(null, null, null).withId("strudel-v1", Instant.now());

    tracker.recordDataset(given);

    assertThat(tracker.dataset("strudel-v1")).isPresent();
  }

  @Test
  void recordDataset_masksSecretMetadata() {
    DatasetRecord withSecret =
        new DatasetRecord(
            null,
            "p",
            null,
            null,
            null,
            null,
            null,
            1,
            0,
            null,
            "bedrock-conversation-2024",
            null,
            Map.of("apiKey", API_KEY));

    DatasetRecord stored = tracker.recordDataset(withSecret);

    assertThat(tracker.dataset(stored.datasetId()).orElseThrow().metadata().get("apiKey"))
        .isNotEqualTo(API_KEY);
  }

  @Test
  void datasets_newestFirstUpToTheLimit() {
    Instant t0 = Instant.parse("2025-11-01T00:00:00Z");
    DatasetRecord old = tracker.recordDataset(dataset(null, null, t0));
    DatasetRecord newest = tracker.recordDataset(dataset(null, null, t0.plusSeconds(60)));
    DatasetRecord middle = tracker.recordDataset(dataset(null, null, t0.plusSeconds(30)));

    assertThat(tracker.datasets(10)).containsExactly(newest, middle, old);
    assertThat(tracker.datasets(2)).containsExactly(newest, middle);
  }

  @Test
  void dataset_unknownIdIsEmpty() {
    assertThat(tracker.dataset("ds-404")).isEmpty();
  }

  // ---------------------------------------------------------------- jobs

  @Test
  void recordJob_isFoundByIdAndByName() {
    JobRecord job = job("arn:job/1", "strudel-v1", null, Instant.parse("2025-11-09T12:00:00Z"));

    tracker.recordJob(job);

    assertThat(tracker.job("arn:job/1")).contains(job);
    assertThat(tracker.job("strudel-v1")).contains(job);
    assertThat(tracker.job("unknown")).isEmpty();
  }

  @Test
  void recordJob_withTheSameIdUpdatesIt() {
    Instant t = Instant.parse("2025-11-09T12:00:00Z");
    tracker.recordJob(job("arn:job/1", "strudel-v1", null, t));

    tracker.recordJob(job("arn:job/1", "strudel-v1-renamed", "ds-9", t));

    assertThat(tracker.jobs(10)).hasSize(1);
    assertThat(tracker.job("arn:job/1").orElseThrow().datasetId()).isEqualTo("ds-9");
  }

  @Test
  void recordJob_masksSecretMetadata() {
    JobRecord job =
        new JobRecord(
            "arn:job/1",
            "n",
            null,
            null,
            null,
            JobState.IN_PROGRESS,
            null,
            null,
            null,
            Map.of("awsSecretAccessKey", API_KEY));

    tracker.recordJob(job);

    assertThat(tracker.job("arn:job/1").orElseThrow().toString()).doesNotContain(API_KEY);
  }

  @Test
  void jobs_newestFirstUpToTheLimit() {
    Instant t0 = Instant.parse("2025-11-01T00:00:00Z");
    tracker.recordJob(job("arn:job/old", "old", null, t0));
    tracker.recordJob(job("arn:job/new", "new", null, t0.plusSeconds(100)));
    tracker.recordJob(job("arn:job/mid", "mid", null, t0.plusSeconds(50)));

    assertThat(tracker.jobs(10))
        .extracting(JobRecord::jobName)
        .containsExactly("new", "mid", "old");
    assertThat(tracker.jobs(1)).extracting(JobRecord::jobName).containsExactly("new");
  }

  @Test
  void recordJobStatus_appendsHistoryOnlyWhenSomethingChanged() {
    tracker.recordJob(job("arn:job/1", "strudel-v1", null, Instant.now()));

    tracker.recordJobStatus(status("arn:job/1", JobState.IN_PROGRESS, null));
    tracker.recordJobStatus(status("arn:job/1", JobState.IN_PROGRESS, null));
    tracker.recordJobStatus(status("arn:job/1", JobState.IN_PROGRESS, 0.234));
    tracker.recordJobStatus(status("arn:job/1", JobState.IN_PROGRESS, 0.234));
    tracker.recordJobStatus(status("arn:job/1", JobState.COMPLETED, 0.156));

    List<JobEvent> events = tracker.jobEvents("arn:job/1");
    assertThat(events)
        .extracting(e -> e.status().state())
        .containsExactly(JobState.IN_PROGRESS, JobState.IN_PROGRESS, JobState.COMPLETED);
    assertThat(events)
        .extracting(e -> e.status().trainingLoss())
        .containsExactly(null, 0.234, 0.156);
    assertThat(events.get(2).status().stages())
        .extracting(StageStatus::stage, StageStatus::status)
        .contains(org.assertj.core.groups.Tuple.tuple("training", "Completed"));
    JobRecord job = tracker.job("arn:job/1").orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.COMPLETED);
    assertThat(job.metadata())
        .containsEntry("outputModelArn", "arn:aws:bedrock:us-east-1:123:custom-model/x")
        .containsEntry("project", "strudel");
  }

  @Test
  void recordJobStatus_ofAnUnknownJobRecordsTheJob() {
    JobStatus failed =
        new JobStatus(
            "arn:job/elsewhere",
            "made-elsewhere",
            JobState.FAILED,
            List.of(new StageStatus("validation", "Failed", null, null)),
            "Validation failed: x-api-key=" + API_KEY + " rejected",
            null,
            null,
            null,
            null,
            null,
            null);

    tracker.recordJobStatus(failed);

    JobRecord job = tracker.job("made-elsewhere").orElseThrow();
    assertThat(job.jobId()).isEqualTo("arn:job/elsewhere");
    assertThat(job.state()).isEqualTo(JobState.FAILED);
    List<JobEvent> events = tracker.jobEvents("arn:job/elsewhere");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).status().failureMessage())
        .contains("Validation failed")
        .doesNotContain(API_KEY);
    assertThat(events.get(0).status().failedStage()).isPresent();
  }

  @Test
  void jobEvents_ofAnUnknownJobAreEmpty() {
    assertThat(tracker.jobEvents("arn:job/none")).isEmpty();
  }

  // ---------------------------------------------------------------- lineage

  @Test
  void lineage_tracesAJobToItsDatasetAndTheRunBehindIt() {
    RunRecord run = tracker.startRun(spec("plan-a"));
    DatasetRecord dataset = tracker.recordDataset(dataset(run.runId(), "s3://b/train.jsonl", null));
    tracker.recordJob(job("arn:job/1", "strudel-v1", dataset.datasetId(), Instant.now()));

    Lineage lineage = tracker.lineage("strudel-v1").orElseThrow();

    assertThat(lineage.job().jobId()).isEqualTo("arn:job/1");
    assertThat(lineage.dataset()).isEqualTo(dataset);
    assertThat(lineage.run()).isEqualTo(run);
    assertThat(lineage.run().spec().promptConfigHash()).isEqualTo("cfg-plan-a");
    assertThat(lineage.run().spec().teacherModel()).isEqualTo("claude-4-5-sonnet");
  }

  @Test
  void lineage_findsTheDatasetByTrainingUriWhenTheJobHasNoDatasetId() {
    RunRecord run = tracker.startRun(spec("plan-a"));
    DatasetRecord dataset = tracker.recordDataset(dataset(run.runId(), "s3://b/train.jsonl", null));
    Map<String, String> metadata = new HashMap<>(job("x", "y", null, null).metadata());
    metadata.put("trainUri", "s3://b/train.jsonl");
    tracker.recordJob(
        new JobRecord(
            "arn:job/2",
            "from-uri",
            "amazon.nova-micro-v1:0:128k",
            null,
            CustomizationType.FINE_TUNING,
            JobState.IN_PROGRESS,
            null,
            null,
            null,
            metadata));

    Lineage lineage = tracker.lineage("arn:job/2").orElseThrow();

    assertThat(lineage.dataset()).isEqualTo(dataset);
    assertThat(lineage.run()).isEqualTo(run);
  }

  @Test
  void lineage_ofAJobTrainedOnUnknownDataHasOnlyTheJob() {
    tracker.recordJob(job("arn:job/3", "imported", null, Instant.now()));

    Lineage lineage = tracker.lineage("imported").orElseThrow();

    assertThat(lineage.dataset()).isNull();
    assertThat(lineage.run()).isNull();
    assertThat(tracker.lineage("no-such-job")).isEmpty();
  }

  @Test
  void lineage_ofAnImportedDatasetHasNoRun() {
    DatasetRecord dataset = tracker.recordDataset(dataset(null, null, null));
    tracker.recordJob(job("arn:job/4", "imported", dataset.datasetId(), Instant.now()));

    Lineage lineage = tracker.lineage("arn:job/4").orElseThrow();

    assertThat(lineage.dataset()).isEqualTo(dataset);
    assertThat(lineage.run()).isNull();
  }
}
