package app.polychat.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.polychat.standin.PolychatStandIn;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.track.DatasetRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code finetune dataset generate} with default flags against a stand-in that answers exactly as
 * today's Polychat ({@link PolychatStandIn}, built from {@code ../shared/POLYCHAT-API.md} and the
 * Polychat source files it cites: {@code apps/api/src/routes/apps/strudel.ts}, {@code
 * packages/schemas/src/apps.ts}, {@code apps/api/src/middleware/auth.ts} and {@code rateLimit.ts}):
 * unwrapped answers with a {@code generationId}, 401 without a User-Agent or a key, 429 with {@code
 * Retry-After: 60} beyond 120 requests a minute per key.
 */
class GenerateAgainstPolychatTest {
  private static final String KEY = "ak_live_9c1e7b3f5a2d4e6f";
  @TempDir Path dir;

  @Test
  void defaultFlags_generate120Examples_closeToTheApisLimit_withEveryGenerationIdInTheTracker()
      throws Exception {
    try (PolychatStandIn polychat =
        PolychatStandIn.start(Set.of(KEY), 120, Duration.ofMinutes(1), 200, 1_500)) {
      CliRunner cli = new CliRunner(dir).env("API_URL", polychat.baseUrl()).env("API_KEY", KEY);

      long started = System.nanoTime();
      CliRunner.Result result = cli.run("dataset", "generate", "--count", "120");
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      System.out.printf(
          "120 examples: command %.1f s, first to last request at the server %.1f s%n%s%n",
          elapsed.toMillis() / 1000.0, polychat.span().toMillis() / 1000.0, result.err());

      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(polychat.count(200)).isEqualTo(120);
      assertThat(polychat.count(401)).isZero();
      assertThat(polychat.count(400)).isZero();
      assertThat(polychat.count(429)).isZero();
      // what the limit allows: 120 requests at 120 a minute, the first at once = 119 gaps of
      // 0.5 s = 59.5 s from the first request to the last. The pace keeps 3 % under the limit
      // (61.3 s) so that jitter never puts a 121st into one minute; within 15 %: at most 68.4 s
      // (at least 50 s: paced, not a burst; the first request may arrive late on a cold start)
      assertThat(polychat.span())
          .as("first to last request at the server")
          .isBetween(Duration.ofSeconds(50), Duration.ofMillis(68_425));
      // the whole command adds start-up, the last answer and writing the files (seconds on a
      // loaded machine); the figure is printed above and in the report
      assertThat(elapsed).isLessThan(Duration.ofSeconds(90));
      assertThat(result.err()).contains("(limit 120/min), held by the API's documented limit");

      // the tracker (a real SQLite file) holds the generationId of each example
      Set<String> tracked = new HashSet<>();
      try (SqliteRunTracker tracker = SqliteRunTracker.open(dir.resolve("datasets/.finetune.db"))) {
        List<DatasetRecord> datasets = tracker.datasets(10);
        assertThat(datasets).hasSize(1);
        tracker.forEachJournalEntry(
            datasets.get(0).runId(),
            entry -> tracked.add(entry.example().metadata().extra().get("generationId")));
      }
      assertThat(tracked).hasSize(120).isEqualTo(polychat.generationIds());
      // ... and never in the Bedrock files
      for (String file : List.of("train.jsonl", "validation.jsonl")) {
        String content = Files.readString(dir.resolve("datasets/strudel").resolve(file));
        assertThat(content).doesNotContain("generationId").doesNotContain("gen-");
      }
    }
  }

  @Test
  void aPromptConfigWithStylesTheAppDoesNotAccept_isRefusedBeforeAnyRequest() throws Exception {
    Path config = dir.resolve("beats.json");
    Files.writeString(
        config,
        "{\"baseSystemPrompt\":\"You write drum patterns.\","
            + "\"styleGuides\":{\"trap\":\"808s\",\"techno\":\"four on the floor\"},"
            + "\"styleTempos\":{\"techno\":132},"
            + "\"promptTemplates\":{\"trap\":[\"a trap beat\"],"
            + "\"techno\":[{\"prompt\":\"a techno beat\",\"tempo\":128},\"a dub techno beat\"]}}");
    try (PolychatStandIn polychat =
        PolychatStandIn.start(Set.of(KEY), 120, Duration.ofMinutes(1), 0, 0)) {
      CliRunner cli = new CliRunner(dir).env("API_URL", polychat.baseUrl()).env("API_KEY", KEY);

      CliRunner.Result refused =
          cli.run("dataset", "generate", "--count", "4", "--prompts", "beats.json");
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err())
          .contains("style 'trap'", "--mode chat-completions", "nothing was sent")
          .doesNotContain("Exception");
      assertThat(polychat.requests()).isEmpty();

      // the styles the app accepts go through, with the config's tempos
      CliRunner.Result techno =
          cli.run(
              "dataset",
              "generate",
              "--count",
              "2",
              "--prompts",
              "beats.json",
              "--styles",
              "techno");
      assertThat(techno.exitCode()).as(techno.err()).isZero();
      assertThat(polychat.count(200)).isEqualTo(2);
      assertThat(polychat.requests())
          .extracting(r -> r.getBodyAsString())
          .anySatisfy(b -> assertThat(b).contains("\"tempo\":128"))
          .anySatisfy(b -> assertThat(b).contains("\"tempo\":132"));
    }
  }

  @Test
  void aWrongKey_stopsTheRun_withTheServersWordsItsRequestIdAndWhatToFix() {
    try (PolychatStandIn polychat =
        PolychatStandIn.start(Set.of(KEY), 120, Duration.ofMinutes(1), 0, 0)) {
      CliRunner cli =
          new CliRunner(dir).env("API_URL", polychat.baseUrl()).env("API_KEY", "ak_wrong");
      CliRunner.Result result = cli.run("dataset", "generate", "--count", "5");
      assertThat(result.exitCode()).isNotZero();
      // the toolkit's User-Agent is bot-like to Polychat's isbot check, so a wrong key is
      // answered "Bot access is not allowed." (auth.ts); the message says what to fix
      assertThat(result.err())
          .contains("Bot access is not allowed.", "requestId", "set API_KEY or pass --api-key")
          .doesNotContain("ak_wrong");
      assertThat(polychat.count(401)).isBetween(1, 5);
      assertThat(polychat.count(200)).isZero();
    }
  }
}
