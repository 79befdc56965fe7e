package app.polychat.finetune.generate;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.format.DatasetFormats;
import app.polychat.finetune.format.JsonlReader;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.prompt.PromptPlan;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceUnavailableException;
import app.polychat.finetune.track.InMemoryRunTracker;
import app.polychat.finetune.track.JournalStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationEngineTest {
  @TempDir Path dir;
  final InMemoryRunTracker tracker = new InMemoryRunTracker();

  static PromptPlan plan(int count) {
    return PromptCatalog.load(
            GenerationEngineTest.class.getResourceAsStream("/prompts/mini.json"), "mini")
        .plan(count, List.of(), List.of(), 0);
  }

  GenerationEngine engine(ScriptedSource source, int concurrency) {
    return GenerationEngine.builder()
        .source(source)
        .tracker(tracker)
        .concurrency(concurrency)
        .build();
  }

  List<String> answers(Path file) {
    List<String> answers = new ArrayList<>();
    JsonlReader.forEachExample(
        file,
        DatasetFormats.bedrockConversation(),
        e -> answers.add(e.conversation().lastAssistantText().orElseThrow()));
    return answers;
  }

  @Test
  void run_writesEveryExampleInPlanOrderSplit80By20() {
    GenerationResult result =
        engine(ScriptedSource.distinctAnswers(), 8).run(plan(40), GenerationOptions.defaults(dir));
    assertThat(result.examples()).isEqualTo(40);
    assertThat(result.dataset().trainCount()).isEqualTo(32);
    assertThat(result.dataset().validationCount()).isEqualTo(8);
    List<String> train = answers(dir.resolve("train.jsonl"));
    List<Integer> order =
        train.stream().map(a -> Integer.parseInt(a.replaceAll("\\D", ""))).toList();
    assertThat(order).isSorted();
  }

  @Test
  void run_givesTheSameFilesWhateverTheCompletionOrder() throws IOException {
    Path first = dir.resolve("a");
    Path second = dir.resolve("b");
    engine(ScriptedSource.distinctAnswers(), 16).run(plan(60), GenerationOptions.defaults(first));
    GenerationEngine.builder()
        .source(ScriptedSource.distinctAnswers())
        .tracker(new InMemoryRunTracker())
        .concurrency(3)
        .build()
        .run(plan(60), GenerationOptions.defaults(second));
    assertThat(Files.readString(first.resolve("train.jsonl")))
        .isEqualTo(Files.readString(second.resolve("train.jsonl")));
    assertThat(Files.readString(first.resolve("validation.jsonl")))
        .isEqualTo(Files.readString(second.resolve("validation.jsonl")));
  }

  @Test
  void rerun_resumesWithoutRepeatingFinishedRequests_andAsksAgainForTheFailures() {
    AtomicInteger failing = new AtomicInteger(1);
    ScriptedSource flaky =
        new ScriptedSource(
            r ->
                r.index() % 5 == 0 && failing.get() == 1
                    ? "FAIL http 503 retry later"
                    : "s(\"hh*" + r.index() + "\")");
    GenerationResult first = engine(flaky, 4).run(plan(20), GenerationOptions.defaults(dir));
    assertThat(first.failed()).isEqualTo(4);
    assertThat(first.failuresByReason()).containsEntry("FAIL http 503 retry later", 4);
    assertThat(first.examples()).isEqualTo(16);
    assertThat(first.shortfall().missing()).isEqualTo(4);
    assertThat(first.dataset()).as("a short dataset is not written").isNull();
    assertThat(dir.resolve("train.jsonl")).doesNotExist();

    GenerationOptions oldBehaviour = GenerationOptions.defaults(dir).withRetryFailed(false);
    GenerationResult second = engine(flaky, 4).run(plan(20), oldBehaviour);
    assertThat(flaky.totalCalls()).as("--no-retry-failed asks nothing").isEqualTo(20);
    assertThat(second.resumed()).isEqualTo(20);
    assertThat(second.complete()).isFalse();

    failing.set(0);
    GenerationResult third = engine(flaky, 4).run(plan(20), GenerationOptions.defaults(dir));
    assertThat(third.examples()).isEqualTo(20);
    assertThat(third.failed()).isZero();
    assertThat(third.complete()).isTrue();
    assertThat(third.dataset().trainCount() + third.dataset().validationCount()).isEqualTo(20);
    assertThat(flaky.calls.values()).allSatisfy(n -> assertThat(n.get()).isBetween(1, 2));
    assertThat(flaky.totalCalls()).isEqualTo(24);
  }

  @Test
  void largerCount_topsUpTheSameRun() {
    ScriptedSource source = ScriptedSource.distinctAnswers();
    engine(source, 4).run(plan(10), GenerationOptions.defaults(dir));
    GenerationResult more = engine(source, 4).run(plan(25), GenerationOptions.defaults(dir));
    assertThat(more.resumed()).isEqualTo(10);
    assertThat(source.totalCalls()).isEqualTo(25);
    assertThat(more.examples()).isEqualTo(25);
  }

  @Test
  void fresh_startsOver() {
    ScriptedSource source = ScriptedSource.distinctAnswers();
    engine(source, 4).run(plan(10), GenerationOptions.defaults(dir));
    GenerationOptions fresh =
        new GenerationOptions(dir, "bedrock-conversation-2024", 0.8, 42, true, false);
    GenerationResult again = engine(source, 4).run(plan(10), fresh);
    assertThat(again.resumed()).isZero();
    assertThat(source.totalCalls()).isEqualTo(20);
  }

  @Test
  void filters_dropWithReasonsAndDuplicatesKeepTheFirstInPlanOrder() {
    ScriptedSource source =
        new ScriptedSource(
            r ->
                switch (r.index()) {
                  case 1 -> "   ";
                  case 2 -> "```js\ns(\"bd\")\n```";
                  case 3 -> "Here you go:\n```js\ns(\"sd\")\n```\nEnjoy!";
                  case 4 -> "User: s(\"cp\")";
                  case 5, 7 -> "note(\"c e g\")";
                  case 6 -> "note(\"c  e g\")";
                  default -> "s(\"x" + r.index() + "\")";
                });
    GenerationResult result =
        engine(source, 8)
            .run(
                plan(10),
                new GenerationOptions(dir, "bedrock-conversation-2024", 1.0, 1, false, false));
    assertThat(result.dropsByReason())
        .containsEntry("empty answer", 1)
        .containsEntry("markdown fences mixed with prose", 1)
        .containsEntry("reserved keyword 'User:' in assistant turn", 1)
        .containsEntry("duplicate answer", 2);
    List<String> train = answers(dir.resolve("train.jsonl"));
    assertThat(train)
        .containsExactly("s(\"x0\")", "s(\"bd\")", "note(\"c e g\")", "s(\"x8\")", "s(\"x9\")");
    var statuses = tracker.journalStatuses(result.runId());
    GenerationRequest sixth = plan(10).requests().get(6);
    assertThat(statuses.get(sixth.id())).isEqualTo(JournalStatus.DROPPED);
    assertThat(dir.resolve("validation.jsonl")).doesNotExist();
  }

  @Test
  void unavailableSource_stopsTheRunKeepingWhatWasJournaled() {
    ScriptedSource source = ScriptedSource.distinctAnswers();
    AtomicInteger calls = new AtomicInteger();
    var engine =
        GenerationEngine.builder()
            .tracker(tracker)
            .concurrency(1)
            .source(
                request -> {
                  if (calls.incrementAndGet() > 3) {
                    throw new SourceUnavailableException("401: the API key is wrong", null, 401);
                  }
                  return source.generate(request);
                })
            .build();
    GenerationResult result = engine.run(plan(10), GenerationOptions.defaults(dir));
    assertThat(result.stoppedReason()).isEqualTo("401: the API key is wrong");
    assertThat(result.dataset()).isNull();
    assertThat(result.examples()).isEqualTo(3);
    assertThat(calls.get()).isEqualTo(4);
    assertThat(dir.resolve("train.jsonl")).doesNotExist();
  }
}
