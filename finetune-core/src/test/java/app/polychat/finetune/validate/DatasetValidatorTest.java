package app.polychat.finetune.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetValidatorTest {
  @TempDir Path dir;

  static String record(String system, String user, String assistant) {
    return "{\"schemaVersion\":\"bedrock-conversation-2024\","
        + (system == null ? "" : "\"system\":[{\"text\":" + quote(system) + "}],")
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":"
        + quote(user)
        + "}]},{\"role\":\"assistant\",\"content\":[{\"text\":"
        + quote(assistant)
        + "}]}]}";
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  static String record(int i) {
    return record("You write Strudel code.", "Make loop " + i, "s(\"bd*4\").gain(0." + i + ")");
  }

  private Path write(String name, List<String> lines) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, lines);
    return file;
  }

  private Path records(String name, int count, int offset) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      lines.add(record(offset + i));
    }
    return write(name, lines);
  }

  @Test
  void validate_gathersTokensTurnsSystemPromptVariantsAndStyles() throws IOException {
    String techno = "You write Strudel.\nSTYLE: techno\nCOMPLEXITY: simple";
    String house = "You write Strudel.\n**Style:** House\n- complexity: Medium.";
    Path file =
        write(
            "train.jsonl",
            List.of(
                record(techno, "Make a beat", "s(\"bd*4\")"),
                record(techno, "Make hats", "s(\"hh*8\")"),
                record(house, "Make a groove", "s(\"bd ~ bd ~\")"),
                record(null, "Plain prompt", "plain answer")));
    ValidationReport report =
        DatasetValidator.builder().recordCountChecks(false).build().validate(file);

    assertThat(report.hasErrors()).isFalse();
    DatasetStatistics stats = report.training();
    assertThat(stats.records()).isEqualTo(4);
    assertThat(stats.format()).isEqualTo("bedrock-conversation-2024");
    assertThat(stats.turns()).isEqualTo(new Distribution(4, 8, 2, 2, 2, 2));
    assertThat(stats.systemPromptVariants()).isEqualTo(2);
    assertThat(stats.recordsWithoutSystemPrompt()).isEqualTo(1);
    assertThat(stats.styleComplexity())
        .isEqualTo(Map.of("techno", Map.of("simple", 2L), "House", Map.of("Medium", 1L)));
    assertThat(stats.styles()).containsEntry("techno", 2L).containsEntry("House", 1L);
    assertThat(stats.complexities()).containsEntry("simple", 2L).containsEntry("Medium", 1L);

    TokenEstimator estimator = TokenEstimator.heuristic();
    int overhead = estimator.perTurnOverhead();
    int plain =
        estimator.estimate("Plain prompt") + estimator.estimate("plain answer") + 2 * overhead;
    int firstTechno =
        estimator.estimate(techno)
            + estimator.estimate("Make a beat")
            + estimator.estimate("s(\"bd*4\")")
            + 3 * overhead;
    assertThat(stats.tokens().min()).isEqualTo(plain);
    assertThat(stats.tokens().count()).isEqualTo(4);
    assertThat(stats.tokens().max()).isGreaterThanOrEqualTo(firstTechno);
    assertThat(stats.characters().min())
        .isEqualTo("Plain prompt".length() + "plain answer".length());
  }

  @Test
  void validate_readsStyleFieldsBeforeThePromptsStyleLine() throws IOException {
    String prompt = "You write Strudel.\nSTYLE: techno\nCOMPLEXITY: simple";
    String beat = record(prompt, "Make a beat", "s(\"bd*4\")");
    String hats = record(prompt, "Make hats", "s(\"hh*8\")");
    Path file =
        write(
            "train.jsonl",
            List.of(
                beat.substring(0, beat.length() - 1) + ",\"style\":\"house\"}",
                hats.substring(0, hats.length() - 1)
                    + ",\"metadata\":{\"complexity\":\"complex\"}}"));
    ValidationReport report =
        DatasetValidator.builder().recordCountChecks(false).build().validate(file);
    assertThat(report.training().styleComplexity())
        .isEqualTo(Map.of("house", Map.of("simple", 1L), "techno", Map.of("complex", 1L)));
    assertThat(report.findings())
        .extracting(Finding::jsonPath)
        .containsExactly("$.style", "$.metadata");
    assertThat(report.findings().get(0).message()).contains("leave it out of the uploaded file");
  }

  @Test
  void toText_groupsFindingsByCodeWithTheFixOnceAndASnippet() throws IOException {
    String good =
        "{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[{\"role\":\"%s\","
            + "\"content\":[{\"text\":\"make a beat %d\"}]},{\"role\":\"assistant\","
            + "\"content\":[{\"text\":\"s(\\\"bd\\\")\"}]}]}";
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      lines.add(String.format(good, i % 2 == 0 ? "bot" : "user", i));
    }
    lines.add(String.format(good, "bot", 0)); // the same as line 1, which is in error
    lines.add(String.format(good, "user", 1)); // the same as line 2, which is fine
    Path file = write("grouped.jsonl", lines);
    String text =
        DatasetValidator.builder().recordCountChecks(false).build().validate(file).toText();

    assertThat(text).containsOnlyOnce("ERROR INVALID_ROLE (7)");
    assertThat(text).containsOnlyOnce("use \"user\" or \"assistant\"");
    assertThat(text).contains("      > bot").contains("and 2 more: lines 11, 13");
    // line 13 is in error already: reported for its role, not also as a duplicate of line 1
    assertThat(text).containsOnlyOnce("WARNING DUPLICATE_RECORD (1)").contains(file + ":14");
  }

  @Test
  void validate_countsEveryFindingButKeepsAndPrintsOnlyTheCaps() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      lines.add("{not json " + i);
    }
    Path file = write("broken.jsonl", lines);
    ValidationReport report =
        DatasetValidator.builder()
            .recordCountChecks(false)
            .maxPrintedFindings(5)
            .maxRetainedFindings(20)
            .build()
            .validate(file);

    assertThat(report.errorCount()).isEqualTo(200);
    assertThat(report.count(FindingCode.INVALID_JSON)).isEqualTo(200);
    assertThat(report.counts())
        .containsExactly(new FindingCount(FindingCode.INVALID_JSON, Severity.ERROR, 200));
    assertThat(report.findings()).hasSize(20);
    assertThat(report.findingsTruncated()).isTrue();
    assertThat(report.findings().get(0).line()).isEqualTo(1);
    assertThat(report.findings().get(19).line()).isEqualTo(20);
    String text = report.toText();
    // one group for the code, five places in full, the rest as line numbers
    assertThat(text.lines().filter(l -> l.startsWith("ERROR INVALID_JSON (200)")).count())
        .isEqualTo(1);
    assertThat(text.lines().filter(l -> l.startsWith("  " + file + ":")).count()).isEqualTo(5);
    assertThat(text)
        .contains("and 195 more: lines 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 and 185 others")
        .contains("195 more not shown")
        .contains("FAILED");
    assertThat(report.training().recordsWithErrors()).isEqualTo(200);
  }

  @Test
  void validate_countsTrainingAndValidationRecordsTogether() throws IOException {
    Path train = records("train.jsonl", 5, 0);
    Path enough = records("validation.jsonl", 3, 100);
    ValidationReport ok = DatasetValidator.builder().build().validate(train, enough);
    assertThat(ok.count(FindingCode.RECORD_COUNT)).isZero();
    assertThat(ok.count(FindingCode.FEW_RECORDS)).isEqualTo(1);

    Path tooFew = records("small-validation.jsonl", 2, 100);
    ValidationReport report = DatasetValidator.builder().build().validate(train, tooFew);
    assertThat(report.findings())
        .filteredOn(f -> f.code() == FindingCode.RECORD_COUNT)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.ERROR);
              assertThat(f.message())
                  .contains("7 records (5 training + 2 validation)")
                  .contains("8 to 20,000");
            });
  }

  @Test
  void validate_moreThanTwentyThousandRecordsIsAnError() throws IOException {
    Path train = records("train.jsonl", 20_001, 0);
    ValidationReport report =
        DatasetValidator.builder().model("nova-micro").build().validate(train);
    assertThat(report.count(FindingCode.RECORD_COUNT)).isEqualTo(1);
    assertThat(report.findings())
        .filteredOn(f -> f.code() == FindingCode.RECORD_COUNT)
        .first()
        .extracting(Finding::message)
        .asString()
        .contains("20,001 training records")
        .contains("drop or split records");
  }

  @Test
  void validate_warnsAboutAValidationSetOverAThousandRecords() throws IOException {
    Path train = records("train.jsonl", 200, 0);
    Path validation = records("validation.jsonl", 1_001, 10_000);
    ValidationReport report = DatasetValidator.builder().build().validate(train, validation);
    assertThat(report.hasErrors()).isFalse();
    assertThat(report.findings())
        .extracting(Finding::code)
        .containsExactly(FindingCode.VALIDATION_TOO_LARGE);
    assertThat(report.validation()).isPresent();
    assertThat(report.validation().get().records()).isEqualTo(1_001);
  }

  @Test
  void validate_duplicateTrackingIsBoundedAndSaysSo() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      lines.add(record(i));
    }
    lines.add(record(1)); // line 11 repeats line 2, which was remembered
    lines.add(record(8)); // line 12 repeats line 9, which came after the limit
    Path file = write("train.jsonl", lines);
    ValidationReport report =
        DatasetValidator.builder()
            .recordCountChecks(false)
            .maxTrackedRecords(5)
            .build()
            .validate(file);
    assertThat(report.findings())
        .extracting(Finding::line, Finding::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(5L, FindingCode.DUPLICATE_CHECK_LIMITED),
            org.assertj.core.groups.Tuple.tuple(11L, FindingCode.DUPLICATE_RECORD));
    assertThat(report.findings().get(1).message()).contains("line 2");
  }

  @Test
  void validate_reportsAMissingOrUnreadableFileAsAFinding() {
    ValidationReport missing =
        DatasetValidator.builder().build().validate(dir.resolve("nope.jsonl"));
    assertThat(missing.findings())
        .extracting(Finding::code)
        .containsExactly(FindingCode.FILE_NOT_FOUND);

    ValidationReport directory = DatasetValidator.builder().build().validate(dir);
    assertThat(directory.findings())
        .extracting(Finding::code)
        .containsExactly(FindingCode.FILE_UNREADABLE);
  }

  @Test
  void validate_keepsCountingSystemPromptVariantsUpToItsLimit() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10_005; i++) {
      lines.add(record("system prompt number " + i, "hi", "ok"));
    }
    ValidationReport report =
        DatasetValidator.builder()
            .recordCountChecks(false)
            .build()
            .validate(write("train.jsonl", lines));
    assertThat(report.training().systemPromptVariants()).isEqualTo(10_000);
    assertThat(report.training().systemPromptVariantsCapped()).isTrue();
    assertThat(report.toText()).contains("system prompt variants: more than 10,000");
  }

  @Test
  void toText_labelsTokenFiguresAsEstimatesAndSaysPassed() throws IOException {
    Path train = records("train.jsonl", 120, 0);
    ValidationReport report = DatasetValidator.builder().model("nova-pro").build().validate(train);
    String text = report.toText();
    assertThat(text)
        .contains("Amazon Nova Pro (amazon.nova-pro-v1:0:300k), fine-tuning")
        .contains("tokens per record (estimated with a word/number/punctuation heuristic")
        .contains("120 records (bedrock-conversation-2024)")
        .contains("No problems found.")
        .endsWith("PASSED.\n");
  }

  @Test
  void toJson_carriesModelCountsStatisticsAndFindings() throws IOException {
    Path train =
        write("train.jsonl", List.of(record(1), "", record("s", "User: hi", "ok"), record(1)));
    ValidationReport report =
        DatasetValidator.builder().recordCountChecks(false).build().validate(train);
    JsonNode json = Json.parse(report.toJson());

    assertThat(json.get("model").get("alias").asText()).isEqualTo("nova-lite");
    assertThat(json.get("method").asText()).isEqualTo("fine-tuning");
    assertThat(json.get("valid").asBoolean()).isFalse();
    assertThat(json.get("errors").asInt()).isEqualTo(2); // the blank line and the keyword
    assertThat(json.get("warnings").asInt()).isEqualTo(1);
    assertThat(json.get("tokenEstimate").asText()).startsWith("estimated with");
    JsonNode file = json.get("files").get(0);
    assertThat(file.get("records").asInt()).isEqualTo(3);
    assertThat(file.get("blankLines").asInt()).isEqualTo(1);
    assertThat(file.get("duplicates").asInt()).isEqualTo(1);
    assertThat(file.get("estimatedTokens").get("max").asInt()).isPositive();
    assertThat(json.get("findings").findValuesAsText("code"))
        .containsExactly("BLANK_LINE", "RESERVED_KEYWORD", "DUPLICATE_RECORD");
    JsonNode keyword = json.get("findings").get(1);
    assertThat(keyword.get("line").asInt()).isEqualTo(3);
    assertThat(keyword.get("jsonPath").asText()).isEqualTo("$.messages[0].content[0].text");
    assertThat(keyword.get("severity").asText()).isEqualTo("error");
    assertThat(json.get("findingsNotListed").asInt()).isZero();
  }

  @Test
  void throwIfErrors_listsTheErrorsWithTheirLocations() throws IOException {
    Path train = write("train.jsonl", List.of(record(1), record("s", "hi", "")));
    ValidationReport report =
        DatasetValidator.builder().recordCountChecks(false).build().validate(train);
    assertThatThrownBy(report::throwIfErrors)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("1 error for Amazon Nova Lite fine-tuning")
        .hasMessageContaining("train.jsonl:2 $.messages[1].content[0].text: EMPTY_TEXT")
        .satisfies(e -> assertThat(((ValidationException) e).findings()).hasSize(1));

    ValidationReport good =
        DatasetValidator.builder()
            .recordCountChecks(false)
            .build()
            .validate(records("ok.jsonl", 2, 0));
    good.throwIfErrors();
  }

  @Test
  void builder_rejectsUnknownModelsMethodsAndFormatsWithTheKnownValues() {
    assertThatThrownBy(() -> DatasetValidator.builder().model("gpt-4o"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown model 'gpt-4o'")
        .hasMessageContaining("nova-micro (amazon.nova-micro-v1:0:128k)");
    assertThatThrownBy(() -> DatasetValidator.builder().method("pretraining"))
        .hasMessageContaining("expected fine-tuning, distillation or reinforcement-fine-tuning");
    assertThatThrownBy(() -> DatasetValidator.builder().format("csv"))
        .hasMessageContaining("unknown dataset format 'csv'");
    assertThatThrownBy(() -> DatasetValidator.builder().maxLineBytes(10))
        .hasMessageContaining("maxLineBytes must be >= 1024");
    DatasetValidator validator =
        DatasetValidator.builder()
            .model("amazon.nova-pro-v1:0:300k")
            .method("DISTILLATION")
            .build();
    assertThat(validator.model().alias()).isEqualTo("nova-pro");
    assertThat(validator.method()).isEqualTo(CustomizationType.DISTILLATION);
    assertThat(validator.toBuilder().build().model()).isEqualTo(validator.model());
  }

  @Test
  void validate_distillationAcceptsHundredToFifteenThousandPrompts() throws IOException {
    List<String> prompts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      prompts.add(
          "{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[{\"role\":\"user\","
              + "\"content\":[{\"text\":\"prompt "
              + i
              + "\"}]}]}");
    }
    ValidationReport report =
        DatasetValidator.builder()
            .method(CustomizationType.DISTILLATION)
            .build()
            .validate(write("prompts.jsonl", prompts));
    assertThat(report.findings()).isEmpty();
    assertThat(report.training().format()).isEqualTo("bedrock-prompt-only");
    assertThat(report.training().turns().max()).isEqualTo(1);
  }

  // --- issue 14: the validator's blind spots ------------------------------------------------

  @Test
  void blankLineInsideABedrockFile_isAnErrorNamingTheLineAndTheFix() throws IOException {
    // AWS's nova_ft_dataset_validator.py json.loads every line: an empty one fails the dataset.
    Path train = write("train.jsonl", List.of(record(1), "", record(2)));
    ValidationReport report =
        DatasetValidator.builder().recordCountChecks(false).build().validate(train);
    assertThat(report.hasErrors()).isTrue();
    Finding blank = report.findings().get(0);
    assertThat(blank.code()).isEqualTo(FindingCode.BLANK_LINE);
    assertThat(blank.severity()).isEqualTo(Severity.ERROR);
    assertThat(blank.line()).isEqualTo(2);
    assertThat(blank.message()).contains("blank line 2").contains("delete it");
  }

  @Test
  void wholeOpenAiFileValidatedForBedrock_failsAndNamesTheImportCommand() throws IOException {
    Path train =
        write(
            "chat.jsonl",
            List.of(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                    + "{\"role\":\"assistant\",\"content\":\"s(\\\"bd\\\")\"}]}"));
    ValidationReport report =
        DatasetValidator.builder().recordCountChecks(false).build().validate(train);
    assertThat(report.hasErrors()).isTrue();
    assertThat(report.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.CONVERSION_NEEDED);
              assertThat(f.severity()).isEqualTo(Severity.ERROR);
              assertThat(f.message())
                  .contains("finetune dataset import --input " + train)
                  .contains("openai-chat");
            });

    // named explicitly as openai-chat (e.g. before an import), the same file only warns
    ValidationReport asOpenAi =
        DatasetValidator.builder()
            .format("openai-chat")
            .recordCountChecks(false)
            .build()
            .validate(train);
    assertThat(asOpenAi.hasErrors()).isFalse();
    assertThat(asOpenAi.findings())
        .extracting(Finding::code)
        .containsExactly(FindingCode.CONVERSION_NEEDED);
  }

  private static String imageRecord(String imageJson) {
    return "{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[{\"role\":\"user\","
        + "\"content\":[{\"text\":\"what is drawn?\"},{\"image\":"
        + imageJson
        + "}]},{\"role\":\"assistant\",\"content\":[{\"text\":\"a loop\"}]}]}";
  }

  @Test
  void imageBlocks_followTheApiModelShapeAndTheNovaGuide() throws IOException {
    // ImageBlock {format: png|jpeg|gif|webp, source: {s3Location: {uri, bucketOwner}}}
    // (bedrock-runtime
    // API model; Nova user guide: training media are read from s3Location.uri).
    Path train =
        write(
            "images.jsonl",
            List.of(
                imageRecord(
                    "{\"format\":\"png\",\"source\":{\"s3Location\":{\"uri\":\"s3://b/k.png\","
                        + "\"bucketOwner\":\"123456789012\"}}}"),
                imageRecord(
                    "{\"format\":\"tiff\",\"source\":{\"s3Location\":{\"uri\":\"s3://b/k.tif\"}}}"),
                imageRecord(
                    "{\"format\":\"png\",\"source\":{\"s3Location\":{\"uri\":\"/tmp/k.png\"}}}"),
                imageRecord(
                    "{\"format\":\"png\",\"source\":{\"s3Location\":{\"uri\":\"s3://b/k.png\","
                        + "\"bucketOwner\":\"1234-5678-9012\"}}}")));
    ValidationReport report =
        DatasetValidator.builder().recordCountChecks(false).build().validate(train);
    assertThat(report.findings())
        .extracting(Finding::line, Finding::code, Finding::jsonPath)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                2L, FindingCode.INVALID_MEDIA, "$.messages[0].content[1].image.format"),
            org.assertj.core.groups.Tuple.tuple(
                3L,
                FindingCode.INVALID_MEDIA,
                "$.messages[0].content[1].image.source.s3Location.uri"),
            org.assertj.core.groups.Tuple.tuple(
                4L,
                FindingCode.INVALID_MEDIA,
                "$.messages[0].content[1].image.source.s3Location.bucketOwner"));
    assertThat(report.findings().get(0).message()).contains("jpeg, png, gif, webp");
    assertThat(report.findings().get(1).message()).contains("not an S3 URI");
    assertThat(report.findings().get(2).message()).contains("12 digits");

    ValidationReport micro =
        DatasetValidator.builder()
            .model("nova-micro")
            .recordCountChecks(false)
            .build()
            .validate(train);
    assertThat(micro.findings())
        .filteredOn(f -> f.code() == FindingCode.UNSUPPORTED_CONTENT)
        .hasSize(4)
        .allSatisfy(f -> assertThat(f.message()).contains("text only"));
  }

  @Test
  void imagesAndVideosInOneDataset_areRefusedWithTheirCounts() throws IOException {
    Path train =
        write(
            "train.jsonl",
            List.of(
                imageRecord(
                    "{\"format\":\"png\",\"source\":{\"s3Location\":{\"uri\":\"s3://b/a.png\"}}}")));
    Path validation =
        write(
            "validation.jsonl",
            List.of(
                imageRecord(
                        "{\"format\":\"png\",\"source\":{\"s3Location\":{\"uri\":\"s3://b/b.png\"}}}")
                    .replace("\"image\"", "\"video\"")
                    .replace("\"png\"", "\"mp4\"")));
    ValidationReport report =
        DatasetValidator.builder().recordCountChecks(false).build().validate(train, validation);
    assertThat(report.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.MIXED_MEDIA);
              assertThat(f.severity()).isEqualTo(Severity.ERROR);
              assertThat(f.message())
                  .contains("images (1 records, first at " + train + ":1)")
                  .contains("videos (1 records, first at " + validation + ":1)");
            });
  }
}
