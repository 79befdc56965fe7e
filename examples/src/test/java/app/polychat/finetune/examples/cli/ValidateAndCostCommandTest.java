package app.polychat.finetune.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateAndCostCommandTest {
  @TempDir Path dir;
  CliRunner cli;

  @BeforeEach
  void generateSampleDataset() {
    cli = new CliRunner(dir);
    var generated = cli.run("dataset", "generate", "--samples", "--count", "54");
    assertThat(generated.exitCode()).as(generated.err()).isZero();
  }

  @Test
  void validate_passesTheSampleDatasetWithItsStatistics() {
    var result =
        cli.run(
            "dataset",
            "validate",
            "--train",
            "datasets/strudel/train.jsonl",
            "--validation",
            "datasets/strudel/validation.jsonl");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("43 records")
        .contains("11 records")
        .contains("FEW_RECORDS")
        .contains("PASSED");
  }

  @Test
  void validate_failsWithEveryFindingAndExitsOne() throws IOException {
    Files.writeString(
        dir.resolve("bad.jsonl"),
        "{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"User: hi\"}]},{\"role\":\"assistant\",\"content\":[{\"text\":\"\"}]}]}\n"
            + "{broken\n");
    var result = cli.run("dataset", "validate", "--train", "bad.jsonl", "--json");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .contains("RESERVED_KEYWORD")
        .contains("EMPTY_TEXT")
        .contains("INVALID_JSON")
        .contains("\"line\" : 2");
  }

  @Test
  void stats_printsStatisticsOnly() {
    var result = cli.run("dataset", "stats", "datasets/strudel/train.jsonl");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("43 records").contains("style × complexity");
  }

  @Test
  void costEstimate_pricesTrainingAndGenerationAsEstimates() {
    var result =
        cli.run(
            "cost",
            "estimate",
            "--train",
            "datasets/strudel/train.jsonl",
            "--model",
            "nova-pro",
            "--count",
            "300");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("an estimate, not a quote")
        .contains("300 requests")
        .contains("× 3 epochs × $0.008 per 1K tokens")
        .contains("Total: estimated $");
    // nothing to estimate is a usage error
    var nothing = cli.run("cost", "estimate");
    assertThat(nothing.exitCode()).isEqualTo(2);
    assertThat(nothing.err()).contains("--train FILE, --count N").contains("Usage:");
  }

  @Test
  void help_worksOnEveryCommandAndShowsExamples() {
    for (String[] command :
        new String[][] {
          {"db", "init"},
          {"dataset", "generate"},
          {"dataset", "validate"},
          {"dataset", "upload"},
          {"job", "create"},
          {"job", "watch"},
          {"model"},
          {"cost", "estimate"},
          {"pipeline", "run"}
        }) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      var result = cli.run(args);
      assertThat(result.exitCode()).as(String.join(" ", args) + result.err()).isZero();
      assertThat(result.out()).contains("Usage: finetune " + String.join(" ", command));
    }
    assertThat(cli.run("dataset", "generate", "--help").out()).contains("Examples:");
    assertThat(cli.run("--version").out()).contains("finetune");
  }

  @Test
  void configShow_masksSecrets() throws IOException {
    Files.writeString(
        dir.resolve(".env"), "API_KEY=sk-live-0123456789abcdef\nAPI_URL=https://api.example.com\n");
    var result = cli.run("config", "show");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("https://api.example.com")
        .contains("****cdef")
        .doesNotContain("sk-live-0123456789abcdef");
  }
}
