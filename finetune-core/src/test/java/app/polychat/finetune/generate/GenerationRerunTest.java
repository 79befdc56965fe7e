package app.polychat.finetune.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.prompt.PromptPlan;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceUnavailableException;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.track.ForwardingRunTracker;
import app.polychat.finetune.track.InMemoryRunTracker;
import app.polychat.finetune.track.JournalEntry;
import app.polychat.finetune.track.TrackerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a rerun asks again, when a dataset is written, and what happens to answers it cannot keep.
 */
class GenerationRerunTest {
  @TempDir Path dir;
  final InMemoryRunTracker tracker = new InMemoryRunTracker();

  static PromptPlan plan(int count) {
    return GenerationEngineTest.plan(count);
  }

  GenerationResult run(ScriptedSource source, GenerationOptions options) {
    return GenerationEngine.builder()
        .source(source)
        .tracker(tracker)
        .concurrency(4)
        .build()
        .run(plan(10), options);
  }

  GenerationOptions defaults() {
    return GenerationOptions.defaults(dir.resolve("out"));
  }

  @Test
  void rerun_asksAgainForAFailureUpToTheAttemptCapAcrossRuns() {
    ScriptedSource source =
        new ScriptedSource(r -> r.index() == 3 ? "FAIL bad answer" : "s(\"bd*" + r.index() + "\")");
    for (int run = 1; run <= 4; run++) {
      GenerationResult result = run(source, defaults());
      assertThat(result.failed()).isEqualTo(1);
      assertThat(result.dataset()).isNull();
    }
    GenerationRequest failing = plan(10).requests().get(3);
    assertThat(source.calls.get(failing.id()).get())
        .as("asked in runs 1, 2 and 3, not in run 4: the cap is 3")
        .isEqualTo(3);
    assertThat(source.totalCalls()).isEqualTo(12);
    GenerationResult capped = run(source, defaults());
    assertThat(capped.shortfall().exhausted()).isEqualTo(1);
    assertThat(capped.shortfall().retryable()).isZero();

    GenerationResult higherCap = run(source, defaults().withMaxAttempts(4));
    assertThat(source.calls.get(failing.id()).get()).isEqualTo(4);
    assertThat(higherCap.shortfall().exhausted()).isEqualTo(1);
  }

  @Test
  void failuresOfAnUnavailableTeacher_doNotCountTowardTheCap() {
    AtomicBoolean keyWrong = new AtomicBoolean(true);
    var engine =
        (java.util.function.Supplier<GenerationEngine>)
            () ->
                GenerationEngine.builder()
                    .tracker(tracker)
                    .concurrency(1)
                    .source(
                        request -> {
                          if (keyWrong.get()) {
                            throw new SourceUnavailableException("401: wrong key", null, 401);
                          }
                          return ScriptedSource.distinctAnswers().generate(request);
                        })
                    .build();
    for (int i = 0; i < 5; i++) {
      assertThat(engine.get().run(plan(10), defaults()).stoppedReason()).contains("401");
    }
    keyWrong.set(false);
    GenerationResult fixed = engine.get().run(plan(10), defaults());
    assertThat(fixed.complete()).isTrue();
    assertThat(fixed.examples()).isEqualTo(10);
  }

  @Test
  void droppedAnswers_stayDropped_andTheRunIsComplete() {
    ScriptedSource source =
        new ScriptedSource(r -> r.index() == 2 ? "   " : "s(\"bd*" + r.index() + "\")");
    GenerationResult first = run(source, defaults());
    assertThat(first.dropped()).isEqualTo(1);
    assertThat(first.complete()).isTrue();
    assertThat(first.dataset()).isNotNull();
    run(source, defaults());
    assertThat(source.totalCalls()).as("nothing is asked again").isEqualTo(10);
  }

  @Test
  void allFailing_writesNothing_evenWhenPartialDatasetsAreAllowed() {
    ScriptedSource source = new ScriptedSource(r -> "FAIL http 500");
    GenerationResult result = run(source, defaults().withAllowPartial(true));
    assertThat(result.examples()).isZero();
    assertThat(result.failed()).isEqualTo(10);
    assertThat(result.dataset()).isNull();
    assertThat(dir.resolve("out/train.jsonl")).doesNotExist();
  }

  @Test
  void allowPartial_writesTheShortDataset_andTheShortfallSaysWhatIsMissing() {
    ScriptedSource source =
        new ScriptedSource(r -> r.index() < 2 ? "FAIL timeout" : "s(\"bd*" + r.index() + "\")");
    GenerationResult result = run(source, defaults().withAllowPartial(true));
    assertThat(result.dataset()).isNotNull();
    Shortfall s = result.shortfall();
    assertThat(List.of(s.planned(), s.accepted(), s.dropped(), s.failed(), s.missing()))
        .containsExactly(10, 8, 0, 2, 2);
    assertThat(s.describe()).contains("8 of 10", "2 missing", "2 failed");
  }

  @Test
  void journalRefusingWrites_keepsAnswersInMemory_andJournalsThemWhenItRecovers() {
    AtomicInteger refusals = new AtomicInteger();
    AtomicBoolean locked = new AtomicBoolean();
    AtomicInteger writes = new AtomicInteger();
    ForwardingRunTracker flaky =
        new ForwardingRunTracker(tracker) {
          @Override
          public void journal(String runId, JournalEntry entry) {
            if (writes.incrementAndGet() == 4) {
              locked.set(true);
            }
            if (locked.get() && refusals.incrementAndGet() <= 2) {
              throw new TrackerException("database is locked", null, true);
            }
            super.journal(runId, entry);
          }
        };
    ScriptedSource source = ScriptedSource.distinctAnswers();
    GenerationResult result =
        GenerationEngine.builder()
            .source(source)
            .tracker(flaky)
            .concurrency(1)
            .journalRetryBackoff(List.of(Duration.ofMillis(10), Duration.ofMillis(10)))
            .build()
            .run(plan(10), defaults());
    assertThat(result.stoppedReason())
        .contains("the journal could not be written (database is locked)")
        .contains("journaled when the journal could be written again");
    assertThat(result.recoveryFile()).isNull();
    assertThat(tracker.journalStates(result.runId())).hasSize(source.totalCalls());
  }

  @Test
  void journalThatStaysBroken_savesTheAnswersToARecoveryFile_thatTheNextRunImports()
      throws IOException {
    AtomicBoolean broken = new AtomicBoolean();
    AtomicInteger writes = new AtomicInteger();
    ForwardingRunTracker full =
        new ForwardingRunTracker(tracker) {
          @Override
          public void journal(String runId, JournalEntry entry) {
            if (writes.incrementAndGet() > 3) {
              broken.set(true);
            }
            if (broken.get()) {
              throw new TrackerException(
                  "cannot journal: the disk holding /data/finetune.db is full; free some space",
                  null,
                  true);
            }
            super.journal(runId, entry);
          }
        };
    ScriptedSource source = ScriptedSource.distinctAnswers();
    GenerationResult stopped =
        GenerationEngine.builder()
            .source(source)
            .tracker(full)
            .concurrency(4)
            .journalRetryBackoff(List.of(Duration.ofMillis(5)))
            .build()
            .run(plan(10), defaults());
    Path recovery = stopped.recoveryFile();
    assertThat(recovery).isNotNull().exists().hasParent(dir.resolve("out"));
    assertThat(stopped.stoppedReason())
        .contains("is full")
        .contains("saved to " + recovery)
        .contains("imports them before asking anything");
    int paid = source.totalCalls();
    int inFile = (int) Files.readAllLines(recovery).stream().skip(1).count();
    assertThat(inFile).isEqualTo(paid - 3);

    GenerationResult resumed = run(source, defaults());
    assertThat(resumed.complete()).isTrue();
    assertThat(resumed.examples()).isEqualTo(10);
    assertThat(source.calls.values())
        .as("no request is asked twice: the saved answers were imported")
        .allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(recovery).doesNotExist();
  }

  @Test
  void aFileWhereTheOutputFolderShouldBe_isRefusedBeforeAnythingIsAsked() throws IOException {
    Path file = Files.writeString(dir.resolve("out"), "not a folder");
    ScriptedSource source = ScriptedSource.distinctAnswers();
    assertThatThrownBy(() -> run(source, GenerationOptions.defaults(file)))
        .isInstanceOf(FineTuneException.class)
        .hasMessageContaining(file + " is a file, not a folder")
        .hasMessageContaining("nothing was asked");
    assertThat(source.totalCalls()).isZero();
  }

  @Test
  void aReadOnlyOutputFolder_isRefusedBeforeAnythingIsAsked() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        "root".equals(System.getProperty("user.name")),
        "root writes into read-only folders: this check cannot fail as root");
    Path readOnly = Files.createDirectories(dir.resolve("ro"));
    readOnly.toFile().setWritable(false, false);
    ScriptedSource source = ScriptedSource.distinctAnswers();
    try {
      assertThatThrownBy(() -> run(source, GenerationOptions.defaults(readOnly)))
          .hasMessageContaining("cannot write to the output folder " + readOnly);
      assertThat(source.totalCalls()).isZero();
    } finally {
      readOnly.toFile().setWritable(true, false);
    }
  }

  @Test
  void tooLittleRoomOnDisk_isRefusedBeforeAnythingIsAsked() {
    ScriptedSource source = ScriptedSource.distinctAnswers();
    GenerationEngine engine =
        GenerationEngine.builder()
            .source(source)
            .tracker(tracker)
            .minFreeDiskBytes(Long.MAX_VALUE / 4)
            .build();
    assertThatThrownBy(() -> engine.run(plan(10), defaults()))
        .hasMessageContaining("the disk is full, or nearly")
        .hasMessageContaining("10 requests need about")
        .hasMessageContaining("nothing was asked");
    assertThat(source.totalCalls()).isZero();
  }

  @Test
  void aJournalThatCannotBeWritten_isRefusedBeforeAnythingIsAsked() {
    ScriptedSource source = ScriptedSource.distinctAnswers();
    ForwardingRunTracker locked =
        new ForwardingRunTracker(tracker) {
          @Override
          public void checkWritable(long bytesToWrite) {
            throw new TrackerException("the database is locked by another process", null, true);
          }
        };
    GenerationEngine engine = GenerationEngine.builder().source(source).tracker(locked).build();
    assertThatThrownBy(() -> engine.run(plan(10), defaults()))
        .hasMessageContaining("locked by another process");
    assertThat(source.totalCalls()).isZero();
    assertThat(tracker.journalStates("run-1")).isEmpty();
  }
}
