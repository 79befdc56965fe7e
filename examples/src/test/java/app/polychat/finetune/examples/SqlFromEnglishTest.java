package app.polychat.finetune.examples;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.polychat.standin.PolychatStandIn;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SqlFromEnglish} against {@link PolychatStandIn}'s {@code /chat/completions} (the
 * OpenAI-shaped contract of POLYCHAT-API.md).
 */
class SqlFromEnglishTest {
  private static final String KEY = "ak_examples0123456789";

  @TempDir Path dir;

  @Test
  void generatesSqlExamplesFromItsOwnPromptConfigAndDropsAnswersThatAreNotAQuery()
      throws Exception {
    AtomicInteger asked = new AtomicInteger();
    try (PolychatStandIn polychat =
        PolychatStandIn.start(Set.of(KEY), 120, Duration.ofMinutes(1), 1, 5)) {
      polychat.chatAnswers(
          question -> {
            int n = asked.incrementAndGet();
            return n % 6 == 0
                ? "Sure! I would run DELETE FROM orders; first." // not a read-only query
                : "SELECT " + n + " AS answer FROM customers;";
          });

      JobStatus job = SqlFromEnglish.run(polychat.baseUrl(), KEY, 18, dir);

      assertThat(job.state()).isEqualTo(JobState.DRY_RUN);
      List<String> records = Files.readAllLines(dir.resolve("train.jsonl"));
      records.addAll(Files.readAllLines(dir.resolve("validation.jsonl")));
      assertThat(records).hasSize(15); // 18 asked, 3 dropped by the example's filter
      for (String record : records) {
        JsonNode example = Json.parse(record);
        assertThat(example.path("system").get(0).path("text").asText()).contains("PostgreSQL");
        assertThat(example.path("messages").get(1).path("content").get(0).path("text").asText())
            .matches("SELECT \\d+ AS answer FROM customers;"); // no DELETE answer was kept
      }
      // every request went to /chat/completions with the config's system prompt and a question
      assertThat(polychat.requests()).hasSize(18);
      for (var request : polychat.requests()) {
        assertThat(request.getUrl()).isEqualTo(PolychatStandIn.CHAT_PATH);
        JsonNode body = Json.parse(request.getBodyAsString());
        assertThat(body.path("model").asText()).isEqualTo("claude-4-5-sonnet");
        assertThat(body.path("messages").get(0).path("content").asText()).contains("SCHEMA");
        assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
      }
      assertThat(polychat.count(200)).isEqualTo(18);
      assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.startsWith("dry-run-sql-nova-lite-v1"));
    }
  }
}
