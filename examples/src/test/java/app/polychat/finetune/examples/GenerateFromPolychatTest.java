package app.polychat.finetune.examples;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.Generation;
import app.polychat.finetune.polychat.standin.PolychatStandIn;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GenerateFromPolychat} against {@link PolychatStandIn} (today's Polychat contract). */
class GenerateFromPolychatTest {
  private static final String KEY = "ak_examples0123456789";

  @TempDir Path dir;

  @Test
  void generatesTheDatasetAndResumesFromTheJournalWithoutAskingAgain() throws Exception {
    try (PolychatStandIn polychat =
        PolychatStandIn.start(Set.of(KEY), 120, Duration.ofMinutes(1), 1, 5)) {
      Generation first = GenerateFromPolychat.run(polychat.baseUrl(), KEY, 18, dir);

      assertThat(first.dataset().trainCount() + first.dataset().validationCount()).isEqualTo(18);
      assertThat(polychat.count(200)).isEqualTo(18);
      assertThat(polychat.requests()).hasSize(18); // no 401, 400 or 429 on the way
      String train = Files.readString(dir.resolve("train.jsonl"));
      assertThat(train).contains("bedrock-conversation-2024").doesNotContain(KEY);
      try (SqliteRunTracker history = SqliteRunTracker.open(dir.resolve("finetune.db"))) {
        assertThat(history.datasets(10)).hasSize(1);
        assertThat(history.journalStatuses(history.datasets(10).get(0).runId())).hasSize(18);
      }

      Generation again = GenerateFromPolychat.run(polychat.baseUrl(), KEY, 18, dir);

      assertThat(polychat.requests()).hasSize(18); // every answer came from the journal
      assertThat(again.dataset().contentHash()).isEqualTo(first.dataset().contentHash());
    }
  }
}
