package app.polychat.finetune.validate;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.job.CustomizationType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validator rules for {@code bedrock-rft} files, from UG "Prepare data for Amazon Nova models"
 * (rft-prepare-data: OpenAI chat format, {@code reference_answer}, optional extra fields, at least
 * 100 records) and rft-nova-models (at most 20K prompts; Nova 2 Lite).
 */
class RftDatasetValidatorTest {
  @TempDir Path dir;

  private final DatasetValidator validator =
      DatasetValidator.builder()
          .model("nova-2-lite")
          .method(CustomizationType.REINFORCEMENT_FINE_TUNING)
          .build();

  static String rftRecord(int i) {
    return "{\"id\":\"s-"
        + i
        + "\",\"messages\":[{\"role\":\"system\",\"content\":\"You write Strudel.\"},"
        + "{\"role\":\"user\",\"content\":\"Beat number "
        + i
        + "\"}],\"reference_answer\":\"s(\\\"bd*"
        + i
        + "\\\")\",\"style\":\"techno\",\"difficulty\":\"easy\"}";
  }

  private Path write(String name, List<String> lines) throws IOException {
    return Files.write(dir.resolve(name), lines);
  }

  private static List<String> records(int n) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add(rftRecord(i));
    }
    return lines;
  }

  private static List<FindingCode> codes(ValidationReport report) {
    return report.findings().stream().map(Finding::code).toList();
  }

  @Test
  void validate_acceptsAHundredGoodRecordsWithExtraFieldsForTheGrader() throws IOException {
    ValidationReport report = validator.validate(write("train-rft.jsonl", records(100)));

    assertThat(report.findings()).isEmpty();
    assertThat(report.hasErrors()).isFalse();
  }

  @Test
  void validate_fewerThanAHundredOrMoreThanTwentyThousandIsAnError() throws IOException {
    ValidationReport few = validator.validate(write("few.jsonl", records(99)));
    assertThat(few.findings())
        .anySatisfy(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.RECORD_COUNT);
              assertThat(f.message()).contains("99 training records").contains("100 to 20,000");
            });

    ValidationReport many = validator.validate(write("many.jsonl", records(20_001)));
    assertThat(codes(many)).contains(FindingCode.RECORD_COUNT);
  }

  @Test
  void validate_namesMissingOrEmptyReferenceAnswersAndAnswersLeftInMessages() throws IOException {
    List<String> lines = records(100);
    lines.set(
        3, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"reference_answer\":null}");
    lines.set(
        4, "{\"messages\":[{\"role\":\"user\",\"content\":\"y\"}],\"reference_answer\":\"  \"}");
    lines.set(
        5,
        "{\"messages\":[{\"role\":\"user\",\"content\":\"z\"},{\"role\":\"assistant\","
            + "\"content\":\"answer\"}],\"reference_answer\":\"answer\"}");
    lines.set(
        6, "{\"messages\":[{\"role\":\"tool\",\"content\":\"t\"}],\"reference_answer\":\"a\"}");

    ValidationReport report = validator.validate(write("bad.jsonl", lines));

    assertThat(report.findings())
        .extracting(Finding::line, Finding::code, Finding::jsonPath)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                4L, FindingCode.MISSING_FIELD, "$.reference_answer"),
            org.assertj.core.groups.Tuple.tuple(5L, FindingCode.EMPTY_TEXT, "$.reference_answer"),
            org.assertj.core.groups.Tuple.tuple(6L, FindingCode.ROLE_ORDER, "$.messages[1].role"));
    assertThat(report.findings())
        .anySatisfy(
            f -> {
              assertThat(f.line()).isEqualTo(7L);
              assertThat(f.code()).isEqualTo(FindingCode.INVALID_ROLE);
            });
  }

  @Test
  void validate_aFineTuningFileForRftIsAnErrorSayingHowToConvert() throws IOException {
    String sft = DatasetValidatorTest.record(1);
    ValidationReport report = validator.validate(write("train.jsonl", List.of(sft)));

    assertThat(report.findings())
        .anySatisfy(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.CONVERSION_NEEDED);
              assertThat(f.severity()).isEqualTo(Severity.ERROR);
              assertThat(f.message()).contains("finetune dataset convert --to rft");
            });
  }

  @Test
  void validate_anRftFileForFineTuningIsAnError() throws IOException {
    ValidationReport report =
        DatasetValidator.builder()
            .model("nova-2-lite")
            .build()
            .validate(write("train-rft.jsonl", records(200)));

    assertThat(report.findings())
        .anySatisfy(
            f -> {
              assertThat(f.code()).isEqualTo(FindingCode.CONVERSION_NEEDED);
              assertThat(f.message()).contains("--method rft");
            });
  }

  @Test
  void validate_rftOnlyForNova2Lite() throws IOException {
    ValidationReport report =
        DatasetValidator.builder()
            .model("nova-lite")
            .method("rft")
            .build()
            .validate(write("train-rft.jsonl", records(100)));

    assertThat(codes(report)).contains(FindingCode.METHOD_NOT_SUPPORTED);
    assertThat(report.findings().stream().filter(f -> f.code() == FindingCode.METHOD_NOT_SUPPORTED))
        .allSatisfy(f -> assertThat(f.message()).contains("nova-2-lite"));
  }
}
