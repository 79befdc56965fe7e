package app.polychat.finetune.integration;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.format.DatasetFormats;
import app.polychat.finetune.format.DatasetFormatter;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.prompt.PromptPlan;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.track.JournalEntry;
import app.polychat.finetune.track.JournalStatus;
import app.polychat.finetune.track.RunRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generation survives {@code kill -9}: a JVM of its own ({@link CrashableGenerator}) generates
 * against an in-process Polychat with 50–150 ms latency, 8 calls in flight, journaling into a
 * SQLite file, and is killed with SIGKILL ({@link ProcessHandle#destroyForcibly()}) after 10, 35
 * and 70 journaled answers. A fourth run completes. Then:
 *
 * <ul>
 *   <li>every outcome the child reported as journaled was still in the journal after each kill;
 *   <li>the dataset holds exactly the requested examples, one per planned request, each line a
 *       valid record, in plan order, with no temporary file left behind;
 *   <li>the server never received a call for a request after that request had been journaled, and
 *       no request was journaled twice; only calls in flight at a kill were asked again.
 * </ul>
 *
 * <p>The server identifies a call's request by its body: with 120 requests over the Strudel config
 * (6 styles × 3 complexities × 8 templates) every planned ask is different, which the test checks
 * first.
 */
class GenerationCrashTest {
  private static final int COUNT = 120;
  private static final int CONCURRENCY = 8;
  private static final List<Integer> KILL_AFTER_ACKS = List.of(10, 35, 70);
  private static final Path CONFIG = Path.of("../configs/strudel-prompts.json");
  private static final Pattern ACK =
      Pattern.compile("^journaled (DONE|FAILED|DROPPED) (\\S+) end$");

  @TempDir Path dir;
  private ScheduledExecutorService watchdog;

  /** A request's first report seen by the test: after the child made it durable. */
  private final Map<String, Instant> firstAckSeen = new HashMap<>();

  /** Every report, in order, across all the child runs. */
  private final List<String> acks = new ArrayList<>();

  @BeforeEach
  void startWatchdog() {
    watchdog = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void stopWatchdog() {
    watchdog.shutdownNow();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void killedWithSigkillAtSeveralPoints_resumesToExactlyTheRequestedExamplesAskingNothingTwice()
      throws Exception {
    PromptPlan plan = PromptCatalog.load(CONFIG).plan(COUNT, List.of(), List.of(), 0);
    Map<String, GenerationRequest> requestByKey = new HashMap<>();
    plan.requests().forEach(r -> requestByKey.put(FakePolychat.key(r), r));
    assertThat(requestByKey).as("every planned ask is distinct").hasSize(COUNT);

    Path database = dir.resolve("history/finetune.db");
    Path output = dir.resolve("dataset");
    List<Integer> journaledAfterKill = new ArrayList<>();
    List<FakePolychat.Call> calls;
    try (FakePolychat server = FakePolychat.start(50, 150)) {
      for (int killAt : KILL_AFTER_ACKS) {
        ChildRun run = runChild(server, database, output, killAt);
        assertThat(run.finished).as("run killed before it finished; log:%n%s", run.log).isNull();
        assertThat(run.exitCode).as("exit code of a SIGKILLed JVM").isEqualTo(137);
        Map<String, JournalStatus> journal = journalStatuses(database, plan);
        assertThat(journal)
            .as("every outcome reported before the kill is still journaled")
            .containsKeys(firstAckSeen.keySet().toArray(String[]::new));
        journaledAfterKill.add(journal.size());
      }
      assertThat(journaledAfterKill)
          .as("each run added answers")
          .isSorted()
          .doesNotHaveDuplicates();

      ChildRun last = runChild(server, database, output, Integer.MAX_VALUE);
      assertThat(last.exitCode).as("last run's exit code; log:%n%s", last.log).isZero();
      assertThat(last.finished).isEqualTo("finished examples=" + COUNT + " stopped=null");
      calls = server.calls();
    }

    Map<String, JournalEntry> journal = journalEntries(database, plan);
    assertThat(journal).hasSize(COUNT);
    assertThat(journal.values()).allMatch(e -> e.status() == JournalStatus.DONE);
    // a kill may land between an answer's commit and its report: fewer reports than answers is
    // fine, a second report for one request is not
    assertThat(acks).as("no request journaled twice").doesNotHaveDuplicates();

    assertDatasetHoldsEveryRequestOnceInPlanOrder(output, plan, requestByKey);
    assertNoCallAfterItsRequestWasJournaled(calls, requestByKey, journal);

    Map<String, Integer> callsPerRequest = new TreeMap<>();
    calls.forEach(c -> callsPerRequest.merge(requestByKey.get(c.key()).id(), 1, Integer::sum));
    assertThat(callsPerRequest).as("every planned request was asked").hasSize(COUNT);
    int askedAgain = calls.size() - COUNT;
    assertThat(askedAgain)
        .as("only calls in flight at a kill are asked again")
        .isLessThanOrEqualTo(KILL_AFTER_ACKS.size() * CONCURRENCY);
    System.out.printf(
        "crash test: killed after %s reported answers; journal held %s after each kill;"
            + " %d calls for %d requests (%d in flight at a kill, asked again)%n",
        KILL_AFTER_ACKS, journaledAfterKill, calls.size(), COUNT, askedAgain);
  }

  private void assertDatasetHoldsEveryRequestOnceInPlanOrder(
      Path output, PromptPlan plan, Map<String, GenerationRequest> requestByKey)
      throws IOException {
    try (Stream<Path> files = Files.list(output)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("the dataset and nothing else (no temporary file)")
          .containsExactlyInAnyOrder("train.jsonl", "validation.jsonl");
    }
    DatasetFormatter format = DatasetFormats.bedrockConversation();
    Set<String> answers = new HashSet<>();
    Set<String> requestIds = new HashSet<>();
    for (String file : List.of("train.jsonl", "validation.jsonl")) {
      List<Integer> planIndexes = new ArrayList<>();
      List<String> lines = Files.readAllLines(output.resolve(file), StandardCharsets.UTF_8);
      for (String line : lines) {
        TrainingExample example = format.decode(line); // throws on a corrupted line
        String answer = example.conversation().lastAssistantText().orElseThrow();
        GenerationRequest request = requestByKey.get(FakePolychat.keyOfAnswer(answer));
        assertThat(example.conversation().firstUserText()).contains(request.prompt());
        assertThat(example.conversation().systemText()).isEqualTo(request.systemPrompt());
        answers.add(answer);
        requestIds.add(request.id());
        planIndexes.add(request.index());
      }
      assertThat(planIndexes).as(file + " in plan order").isSorted();
    }
    assertThat(answers).as("unique answers").hasSize(COUNT);
    assertThat(requestIds)
        .as("one example per planned request")
        .containsExactlyInAnyOrderElementsOf(
            plan.requests().stream().map(GenerationRequest::id).toList());
  }

  private void assertNoCallAfterItsRequestWasJournaled(
      List<FakePolychat.Call> calls,
      Map<String, GenerationRequest> requestByKey,
      Map<String, JournalEntry> journal) {
    List<String> violations = new ArrayList<>();
    for (FakePolychat.Call call : calls) {
      String id = requestByKey.get(call.key()).id();
      Instant journaled = journal.get(id).recordedAt();
      Instant seen = firstAckSeen.getOrDefault(id, journaled);
      Instant durable = seen.isBefore(journaled) ? seen : journaled;
      if (call.receivedAt().isAfter(durable)) {
        violations.add(
            "call #" + call.number() + " for " + id + " at " + call.receivedAt() + " > " + durable);
      }
    }
    assertThat(violations).as("calls for requests already journaled").isEmpty();
  }

  /** Runs the generator in a new JVM, killing it once {@code killAt} reports have been seen. */
  private ChildRun runChild(FakePolychat server, Path database, Path output, int killAt)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir, "child-", ".log");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java.toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                CrashableGenerator.class.getName(),
                server.baseUrl(),
                database.toAbsolutePath().toString(),
                CONFIG.toAbsolutePath().toString(),
                output.toAbsolutePath().toString(),
                Integer.toString(COUNT),
                Integer.toString(CONCURRENCY))
            .redirectError(log.toFile());
    long started = System.nanoTime();
    Process process = builder.start();
    // a hung child must not hang the build
    var guard = watchdog.schedule(process::destroyForcibly, 60, TimeUnit.SECONDS);
    String finished = null;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        Matcher ack = ACK.matcher(line);
        if (ack.matches()) {
          acks.add(ack.group(2));
          firstAckSeen.putIfAbsent(ack.group(2), Instant.now());
          if (acks.size() >= killAt) {
            // SIGKILL: no shutdown hook, no flush, no finally. Through the handle, which leaves
            // the pipe open, so the lines the child wrote before dying are still read.
            process.toHandle().destroyForcibly();
          }
        } else if (line.startsWith("finished ")) {
          finished = line;
        }
      }
    }
    int exitCode = process.waitFor();
    guard.cancel(false);
    System.out.printf(
        "child run: %d ms, %d reports so far, exit code %d%n",
        (System.nanoTime() - started) / 1_000_000, acks.size(), exitCode);
    return new ChildRun(exitCode, finished, Files.readString(log));
  }

  private static Map<String, JournalStatus> journalStatuses(Path database, PromptPlan plan) {
    try (SqliteRunTracker tracker = SqliteRunTracker.open(database)) {
      RunRecord run = tracker.latestRun(plan.planHash()).orElseThrow();
      return tracker.journalStatuses(run.runId());
    }
  }

  private static Map<String, JournalEntry> journalEntries(Path database, PromptPlan plan) {
    Map<String, JournalEntry> entries = new HashMap<>();
    try (SqliteRunTracker tracker = SqliteRunTracker.open(database)) {
      RunRecord run = tracker.latestRun(plan.planHash()).orElseThrow();
      tracker.forEachJournalEntry(run.runId(), e -> entries.put(e.requestId(), e));
    }
    return entries;
  }

  private record ChildRun(int exitCode, String finished, String log) {}
}
