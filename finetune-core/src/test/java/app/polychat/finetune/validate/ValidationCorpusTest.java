package app.polychat.finetune.validate;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the validator over every file of the corpus in {@code src/test/resources/validate/corpus}
 * and compares its findings, in order, with those {@code expected.json} lists for the file: line,
 * code, severity and JSON path must all match, nothing more and nothing less.
 */
class ValidationCorpusTest {
  private static final JsonNode EXPECTED = load();

  private static JsonNode load() {
    try (InputStream in =
        ValidationCorpusTest.class.getResourceAsStream("/validate/expected.json")) {
      return Json.mapper().readTree(in);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path corpus() {
    try {
      return Path.of(ValidationCorpusTest.class.getResource("/validate/corpus").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a finding must match: everything but the message. */
  record Expected(long line, FindingCode code, Severity severity, String path) {
    static Expected of(Finding f) {
      return new Expected(f.line(), f.code(), f.severity(), f.jsonPath());
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCorpusFile_producesExactlyTheExpectedFindings() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : EXPECTED.get("cases")) {
      tests.add(
          DynamicTest.dynamicTest(
              c.get("file").asText() + ": " + c.get("description").asText(), () -> check(c)));
    }
    return tests.stream();
  }

  private static void check(JsonNode c) {
    DatasetValidator.Builder builder =
        DatasetValidator.builder()
            .model(c.path("model").asText("nova-lite"))
            .method(c.path("method").asText("fine-tuning"))
            .recordCountChecks(c.path("recordCounts").asBoolean(false));
    if (c.has("format")) {
      builder.format(c.get("format").asText());
    }
    if (c.has("maxLineBytes")) {
      builder.maxLineBytes(c.get("maxLineBytes").asInt());
    }
    Path train = corpus().resolve(c.get("file").asText());
    Path validation = c.has("validation") ? corpus().resolve(c.get("validation").asText()) : null;
    ValidationReport report = builder.build().validate(train, validation);

    List<Finding> findings = report.findings();
    if (c.path("validationOnly").asBoolean(false)) {
      findings = findings.stream().filter(f -> validation.toString().equals(f.file())).toList();
    }
    List<Expected> expected = new ArrayList<>();
    for (JsonNode e : c.get("findings")) {
      expected.add(
          new Expected(
              e.get("line").asLong(),
              FindingCode.valueOf(e.get("code").asText()),
              Severity.valueOf(e.get("severity").asText()),
              e.get("path").isNull() ? null : e.get("path").asText()));
    }
    assertThat(findings.stream().map(Expected::of).toList())
        .as("findings of %s:%n%s", c.get("file").asText(), report.toText())
        .containsExactlyElementsOf(expected);
    assertThat(findings).allSatisfy(f -> assertThat(f.message()).contains(":"));
    assertThat(report.hasErrors())
        .isEqualTo(expected.stream().anyMatch(e -> e.severity() == Severity.ERROR));

    // The default estimator checks texts in one fused pass; any other estimator takes separate
    // passes. Both must find the same.
    TokenEstimator sameHeuristic =
        new TokenEstimator() {
          @Override
          public int estimate(char[] text, int offset, int length) {
            return TokenEstimator.heuristic().estimate(text, offset, length);
          }

          @Override
          public String description() {
            return "the heuristic, unfused";
          }
        };
    ValidationReport unfused =
        builder.tokenEstimator(sameHeuristic).build().validate(train, validation);
    assertThat(unfused.findings()).isEqualTo(report.findings());
    assertThat(unfused.statistics()).isEqualTo(report.statistics());
  }

  @Test
  void corpus_hasAtLeastFortyCasesAndGoodFilesHaveNoErrors() {
    assertThat(EXPECTED.get("cases").size()).isGreaterThanOrEqualTo(40);
    for (JsonNode c : EXPECTED.get("cases")) {
      if (c.get("file").asText().startsWith("good-")) {
        assertThat(c.get("findings").findValuesAsText("severity")).doesNotContain("ERROR");
      }
    }
  }

  @Test
  void corpus_coversEveryDatasetFindingCode() {
    Set<FindingCode> covered = EnumSet.noneOf(FindingCode.class);
    EXPECTED
        .get("cases")
        .forEach(
            c ->
                c.get("findings")
                    .forEach(f -> covered.add(FindingCode.valueOf(f.get("code").asText()))));
    Set<FindingCode> jobOnly =
        EnumSet.of(
            FindingCode.INVALID_NAME,
            FindingCode.INVALID_S3_URI,
            FindingCode.INVALID_ROLE_ARN,
            FindingCode.INVALID_LAMBDA_ARN,
            FindingCode.UNKNOWN_MODEL,
            FindingCode.HYPERPARAMETER_RANGE,
            FindingCode.HYPERPARAMETER_IGNORED,
            FindingCode.TEACHER_STUDENT_PAIR,
            FindingCode.VPC_CONFIG,
            FindingCode.TEACHER_IDENTIFIER,
            FindingCode.INVALID_TAG,
            FindingCode.INVALID_KMS_KEY,
            // need a file the test cannot keep in resources (unreadable) or a large one
            FindingCode.FILE_UNREADABLE,
            FindingCode.VALIDATION_TOO_LARGE,
            FindingCode.DUPLICATE_CHECK_LIMITED);
    Set<FindingCode> datasetCodes = EnumSet.allOf(FindingCode.class);
    datasetCodes.removeAll(jobOnly);
    assertThat(covered).containsAll(datasetCodes);
    assertThat(Arrays.asList(FindingCode.values())).containsAll(covered);
  }
}
