package app.polychat.finetune.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.check.AnswerCheck;
import app.polychat.finetune.check.AnswerChecks;
import app.polychat.finetune.check.CheckResult;
import app.polychat.finetune.check.CheckUnavailableException;
import app.polychat.finetune.format.DatasetFormats;
import app.polychat.finetune.format.JsonlReader;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.track.InMemoryRunTracker;
import app.polychat.finetune.track.JournalEntry;
import app.polychat.finetune.track.JournalStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationEngineCheckTest {
  @TempDir Path dir;
  final InMemoryRunTracker tracker = new InMemoryRunTracker();

  /** Fails answers containing "broken", like an engine reporting a parse error. */
  static final class NoBrokenCode implements AnswerCheck {
    final AtomicInteger checked = new AtomicInteger();

    @Override
    public String name() {
      return "fake-engine";
    }

    @Override
    public CheckResult check(String answer) {
      checked.incrementAndGet();
      return answer.contains("broken")
          ? CheckResult.fail(name(), "syntax", "Unexpected token (1:7)", Duration.ofMillis(1))
          : CheckResult.pass(name(), "ok", Duration.ofMillis(1));
    }
  }

  /** Answers broken code the first {@code brokenAsks} times it is asked for a request. */
  static ScriptedSource brokenFirst(Map<String, AtomicInteger> asked, int brokenAsks) {
    return new ScriptedSource(
        r -> {
          int ask = asked.computeIfAbsent(r.id(), k -> new AtomicInteger()).incrementAndGet();
          return r.index() % 3 == 0 && ask <= brokenAsks
              ? "s(\"bd broken " + r.index() + "\""
              : "s(\"bd*" + (r.index() + 1) + "\")";
        });
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
  void failedCheck_dropsTheAnswerWithTheChecksReasonAndAsksAgain() {
    Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    ScriptedSource source = brokenFirst(asked, 1);
    NoBrokenCode check = new NoBrokenCode();
    List<String> retried = new ArrayList<>();
    GenerationEngine engine =
        GenerationEngine.builder()
            .source(source)
            .tracker(tracker)
            .concurrency(4)
            .checks(AnswerChecks.of(List.of(check)))
            .listener(
                new GenerationListener() {
                  @Override
                  public synchronized void retried(
                      GenerationRequest request, int attempt, String reason) {
                    retried.add(request.id() + "#" + attempt);
                  }
                })
            .build();
    GenerationResult result =
        engine.run(GenerationEngineTest.plan(12), GenerationOptions.defaults(dir));

    assertThat(result.examples()).isEqualTo(12);
    assertThat(result.dropped()).isZero();
    assertThat(source.totalCalls()).isEqualTo(16); // 4 broken answers asked again once each
    assertThat(retried).hasSize(4);
    assertThat(check.checked).hasValue(16);
    List<String> kept = new ArrayList<>(answers(dir.resolve("train.jsonl")));
    kept.addAll(answers(dir.resolve("validation.jsonl")));
    assertThat(kept).hasSize(12).noneMatch(a -> a.contains("broken"));

    List<JournalEntry> rejected = new ArrayList<>();
    tracker.forEachJournalEntry(
        result.runId(),
        e -> {
          if (e.requestId().contains("~check-")) {
            rejected.add(e);
          }
        });
    assertThat(rejected).hasSize(4);
    assertThat(rejected)
        .allSatisfy(
            e -> {
              assertThat(e.status()).isEqualTo(JournalStatus.DROPPED);
              assertThat(e.requestId()).endsWith("~check-1");
              assertThat(e.reason())
                  .isEqualTo(
                      "check fake-engine failed (syntax): Unexpected token (1:7) (ask 1, asked"
                          + " again)");
              assertThat(e.example().conversation().lastAssistantText().orElseThrow())
                  .contains("broken");
            });
    assertThat(engine.checkSummary().checked()).isEqualTo(16);
    assertThat(engine.checkSummary().valid()).isEqualTo(12);
    assertThat(engine.checkSummary().failuresByReason()).containsEntry("fake-engine: syntax", 4);
    assertThat(engine.checkSummary().timings().get("fake-engine").count()).isEqualTo(16);
  }

  @Test
  void answerStillBrokenAfterTheLastAsk_isDroppedWithTheChecksReason() {
    Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    ScriptedSource source = brokenFirst(asked, 99);
    GenerationResult result =
        GenerationEngine.builder()
            .source(source)
            .tracker(tracker)
            .checks(AnswerChecks.of(List.of(new NoBrokenCode())))
            .checkAsks(2)
            .build()
            .run(GenerationEngineTest.plan(6), GenerationOptions.defaults(dir));

    assertThat(result.examples()).isEqualTo(4);
    assertThat(result.dropped()).isEqualTo(2);
    assertThat(result.dropsByReason())
        .containsEntry("check fake-engine failed (syntax): Unexpected token (1:7)", 2);
    assertThat(source.totalCalls()).isEqualTo(8); // requests 0 and 3 asked twice
    // the final answer is kept in the journal, dropped, like any other drop
    List<JournalEntry> finals = new ArrayList<>();
    tracker.forEachJournalEntry(
        result.runId(),
        e -> {
          if (e.status() == JournalStatus.DROPPED && !e.requestId().contains("~")) {
            finals.add(e);
          }
        });
    assertThat(finals).hasSize(2).allSatisfy(e -> assertThat(e.example()).isNotNull());
  }

  @Test
  void existingFiltersStillRunBeforeTheChecks() {
    NoBrokenCode check = new NoBrokenCode();
    ScriptedSource source =
        new ScriptedSource(r -> r.index() == 0 ? "  " : "s(\"bd\") //" + r.index());
    GenerationResult result =
        GenerationEngine.builder()
            .source(source)
            .tracker(tracker)
            .checks(AnswerChecks.of(List.of(check)))
            .build()
            .run(GenerationEngineTest.plan(5), GenerationOptions.defaults(dir));
    assertThat(result.dropsByReason()).containsEntry("empty answer", 1);
    assertThat(check.checked).hasValue(4); // the empty answer never reached the check
    assertThat(source.totalCalls()).isEqualTo(5); // a filter drop is not asked again
  }

  @Test
  void checkThatCannotRun_stopsBeforeTheTeacherIsAsked() {
    AnswerCheck missing =
        new AnswerCheck() {
          @Override
          public String name() {
            return "needs-node";
          }

          @Override
          public CheckResult check(String answer) {
            throw new CheckUnavailableException("install Node.js");
          }

          @Override
          public void verify() {
            throw new CheckUnavailableException("Node.js was not found: install Node.js 20.6+");
          }
        };
    ScriptedSource source = ScriptedSource.distinctAnswers();
    GenerationEngine engine =
        GenerationEngine.builder()
            .source(source)
            .tracker(tracker)
            .checks(AnswerChecks.of(List.of(missing)))
            .build();
    assertThatThrownBy(
            () -> engine.run(GenerationEngineTest.plan(3), GenerationOptions.defaults(dir)))
        .isInstanceOf(CheckUnavailableException.class)
        .hasMessageContaining("install Node.js");
    assertThat(source.totalCalls()).isZero();
  }

  @Test
  void twoChecks_runTogetherAndTheFirstFailureIsTheReason() {
    AnswerCheck slowPass =
        new AnswerCheck() {
          @Override
          public String name() {
            return "slow";
          }

          @Override
          public CheckResult check(String answer) {
            long start = System.nanoTime();
            try {
              Thread.sleep(200);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return CheckResult.pass(name(), "", CheckResult.since(start));
          }
        };
    AnswerCheck slowFail =
        new AnswerCheck() {
          @Override
          public String name() {
            return "picky";
          }

          @Override
          public CheckResult check(String answer) {
            long start = System.nanoTime();
            try {
              Thread.sleep(200);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return CheckResult.fail(name(), "style", "too loud", CheckResult.since(start));
          }
        };
    try (AnswerChecks both = AnswerChecks.of(List.of(slowPass, slowFail))) {
      long start = System.nanoTime();
      var outcome = both.check("s(\"bd\")");
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(outcome.passed()).isFalse();
      assertThat(outcome.firstFailure().orElseThrow().describe())
          .isEqualTo("check picky failed (style): too loud");
      assertThat(outcome.results()).extracting(CheckResult::check).containsExactly("slow", "picky");
      assertThat(outcome.results()).allSatisfy(r -> assertThat(r.elapsed()).isPositive());
      assertThat(ms).as("the two checks ran in parallel").isLessThan(390);
    }
  }
}
