package app.polychat.finetune.cli;

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
  void validate_aWholeOpenAiFileFailsAndNamesTheImportCommand() throws IOException {
    // before: a warning and exit 0, so the file could be uploaded and fail at Bedrock
    Files.writeString(
        dir.resolve("chat.jsonl"),
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
            + "{\"role\":\"assistant\",\"content\":\"s(\\\"bd\\\")\"}]}\n");
    var result = cli.run("dataset", "validate", "--train", "chat.jsonl");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .contains("CONVERSION_NEEDED")
        .contains("finetune dataset import --input ")
        .contains("chat.jsonl --output <dir>");
  }

  @Test
  void validate_aBlankLineInsideTheFileIsAnErrorWithItsLine() throws IOException {
    String record = Files.readAllLines(dir.resolve("datasets/strudel/train.jsonl")).get(0);
    Files.writeString(
        dir.resolve("gap.jsonl"), record + "\n\n" + record.replace("\"}]}]}", " \"}]}]}") + "\n");
    var result = cli.run("dataset", "validate", "--train", "gap.jsonl", "--json");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("BLANK_LINE").contains("blank line 2").contains("delete it");
  }

  @Test
  void costEstimate_compareReproducesTheOriginalToolkitsTableWithSources() {
    var result = cli.run("cost", "estimate", "--compare");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("| Approach | Training | Inference (1M in + 1M out) | Total |")
        .contains("| Fine-tuned Amazon Nova Pro | $3.60 | $4.00 | $7.60 |")
        .contains("| Distilled Amazon Nova Lite |")
        .contains(
            "Grand totals (generation + training + 1 month of custom-model storage + testing)")
        .contains("| Fine-tuned Amazon Nova Pro | $2.34 | $3.60 | $1.95 |")
        .contains("Price sources:")
        .contains("unverified for Nova, 2026-12-01")
        .doesNotContain("$0.10");

    var priced = cli.run("cost", "estimate", "--compare", "--provisioned-price", "21.18");
    assertThat(priced.exitCode()).as(priced.err()).isZero();
    assertThat(priced.out())
        .contains("one hour of provisioned throughput (1 model unit) at $21.18 per hour")
        .contains("- --provisioned-price, ");
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
        .contains("price: defaults from the original toolkit's cost guide")
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
