package app.polychat.finetune.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.format.BedrockConversationFormatter;
import app.polychat.finetune.generate.GenerationEngine;
import app.polychat.finetune.generate.GenerationOptions;
import app.polychat.finetune.generate.GenerationResult;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.prompt.PromptPlan;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.track.RunRecord;
import app.polychat.finetune.track.RunSettings;
import app.polychat.finetune.track.RunSpec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's typed spec in a real database file: the columns of {@code runs} hold what the engine
 * was asked (the teacher model stayed NULL before: the engine read a map key nobody wrote).
 */
class SqliteRunSpecTest {
  private static final String MODEL = "claude-4-5-sonnet";

  @TempDir Path dir;

  private Path db() {
    return dir.resolve("datasets/.finetune.db");
  }

  /** A teacher that names its model, as the Polychat and Bedrock sources do. */
  private static final ExampleSource NAMED_TEACHER =
      new ExampleSource() {
        @Override
        public GeneratedExample generate(GenerationRequest request) {
          return GeneratedExample.answer(
              request, "s(\"bd*" + (request.index() + 1) + "\")", MODEL, 10, 20, Duration.ZERO, 1);
        }

        @Override
        public String describe() {
          return "polychat:" + MODEL;
        }

        @Override
        public Optional<String> teacherModel() {
          return Optional.of(MODEL);
        }
      };

  private static PromptCatalog prompts() {
    return PromptCatalog.load(
        SqliteRunSpecTest.class.getResourceAsStream("/prompts/mini.json"), "mini.json");
  }

  @Test
  void aGenerationRun_fillsEveryRunColumn_teacherModelIncluded()
      throws SQLException, JsonProcessingException {
    PromptPlan plan = prompts().plan(6, List.of("limerick", "haiku"), List.of("ornate"), 0);
    GenerationResult result;
    try (SqliteRunTracker tracker = SqliteRunTracker.open(db())) {
      result =
          GenerationEngine.builder()
              .source(NAMED_TEACHER)
              .tracker(tracker)
              .build()
              .run(
                  plan,
                  new GenerationOptions(
                      dir.resolve("out"),
                      BedrockConversationFormatter.FORMAT_ID,
                      0.5,
                      7,
                      false,
                      true));
    }
    assertThat(result.examples()).isEqualTo(6);

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT plan_hash, prompt_config_hash, source, teacher_model, planned_count,"
                    + " options FROM runs WHERE run_id = ?")) {
      ps.setString(1, result.runId());
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("teacher_model")).isEqualTo(MODEL);
        assertThat(rs.getString("source")).isEqualTo("polychat:" + MODEL);
        assertThat(rs.getString("plan_hash")).isEqualTo(plan.planHash());
        assertThat(rs.getString("prompt_config_hash")).isEqualTo(prompts().configHash());
        assertThat(rs.getInt("planned_count")).isEqualTo(6);
        JsonNode options = new ObjectMapper().readTree(rs.getString("options"));
        assertThat(options.path("styles").isArray()).isTrue();
        assertThat(options.path("styles"))
            .extracting(JsonNode::asText)
            .containsExactly("limerick", "haiku");
        assertThat(options.path("complexities"))
            .extracting(JsonNode::asText)
            .containsExactly("ornate");
        assertThat(options.path("trainRatio").asDouble()).isEqualTo(0.5);
        assertThat(options.path("seed").asLong()).isEqualTo(7L);
        assertThat(options.path("formatId").asText())
            .isEqualTo(BedrockConversationFormatter.FORMAT_ID);
      }
    }

    try (SqliteRunTracker reopened = SqliteRunTracker.open(db())) {
      RunSpec spec = reopened.run(result.runId()).orElseThrow().spec();
      assertThat(spec.teacherModel()).isEqualTo(MODEL);
      assertThat(spec.settings())
          .isEqualTo(
              new RunSettings(
                  List.of("limerick", "haiku"),
                  List.of("ornate"),
                  0.5,
                  7L,
                  BedrockConversationFormatter.FORMAT_ID));
    }
  }

  @Test
  void aRunAnEarlierVersionRecorded_readsItsStringOptionsAsTypedSettings() throws SQLException {
    RunRecord run;
    try (SqliteRunTracker tracker = SqliteRunTracker.open(db())) {
      run = tracker.startRun(TestJournal.spec("plan-old", 3));
    }
    // what FineTunePipeline wrote before the spec was typed: every value a string
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE runs SET teacher_model = NULL, options = ? WHERE run_id = ?")) {
      ps.setString(
          1,
          "{\"complexities\":\"simple,complex\",\"count\":\"3\",\"seed\":\"42\","
              + "\"source\":\"polychat:claude-4-5-sonnet\",\"styles\":\"techno, house\","
              + "\"trainRatio\":\"0.8\"}");
      ps.setString(2, run.runId());
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }

    try (SqliteRunTracker reopened = SqliteRunTracker.open(db())) {
      RunSpec spec = reopened.run(run.runId()).orElseThrow().spec();
      assertThat(spec.teacherModel()).isNull();
      assertThat(spec.settings())
          .isEqualTo(
              new RunSettings(
                  List.of("techno", "house"), List.of("simple", "complex"), 0.8, 42L, null));
    }
  }
}
