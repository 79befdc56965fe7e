package app.polychat.finetune.strudel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.check.CheckResult;
import app.polychat.finetune.check.CheckUnavailableException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs answers in the real Strudel engine (@strudel/* 1.2.6 from npm, in Node.js). The snippets in
 * engine-snippets.jsonl were written for this test, never taken from a dataset: valid ones in every
 * style, and invalid ones of every kind the check names.
 */
class StrudelEngineCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static StrudelEngineCheck check;

  @BeforeAll
  static void start() {
    StrudelEngine engine = TestEngine.requireInstalled();
    check = StrudelEngineCheck.builder().engine(engine).timeout(Duration.ofSeconds(2)).build();
  }

  @AfterAll
  static void stop() {
    if (check != null) {
      check.close();
    }
  }

  static Stream<Arguments> snippets() throws IOException {
    List<Arguments> all = new ArrayList<>();
    try (InputStream in =
            StrudelEngineCheckTest.class.getResourceAsStream("engine-snippets.jsonl");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        JsonNode s = JSON.readTree(line);
        all.add(
            Arguments.of(
                ++n, s.path("style").asText(), s.path("expect").asText(), s.path("code").asText()));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @MethodSource("snippets")
  void check_classifiesEachHeldOutSnippet(int n, String style, String expected, String code) {
    CheckResult result = check.check(code);
    assertThat(result.reason()).as(result.describe()).isEqualTo(expected);
    assertThat(result.passed()).isEqualTo(expected.equals("ok"));
    assertThat(result.check()).isEqualTo("strudel");
    assertThat(result.elapsed()).isPositive();
    if (!result.passed()) {
      assertThat(result.message()).isNotBlank();
    }
  }

  @Test
  void snippetSet_coversEveryStyleAndEveryKindOfFailure() throws IOException {
    List<Arguments> all = snippets().toList();
    assertThat(all).hasSizeGreaterThanOrEqualTo(40);
    assertThat(all.stream().map(a -> (String) a.get()[1]).distinct())
        .contains("techno", "house", "ambient", "jazz", "drums", "experimental");
    assertThat(all.stream().map(a -> (String) a.get()[2]).distinct())
        .contains(
            "ok",
            "syntax",
            "mini-notation",
            "unknown-function",
            "runtime",
            "not-a-pattern",
            "no-events",
            "timeout");
  }

  @Test
  void check_keepsTheEnginesOwnMessage() {
    CheckResult result = check.check("s(\"bd*4 [hh sd\")");
    assertThat(result.describe())
        .startsWith("check strudel failed (mini-notation): [mini] parse error at line 1");
  }

  @Test
  void check_restartsTheEngineAfterAHangAndGoesOn() {
    int before = check.restarts();
    CheckResult hang = check.check("while (true) {}\ns(\"bd\")");
    assertThat(hang.reason()).isEqualTo("timeout");
    assertThat(hang.message()).contains("restarted");
    assertThat(check.restarts()).isEqualTo(before + 1);
    assertThat(check.check("s(\"bd sd\")").passed()).isTrue();
  }

  @Test
  void everySampleInThePackRuns() throws IOException {
    int n = 0;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(StrudelPack.openSamples(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        CheckResult result = check.check(JSON.readTree(line).path("completion").asText());
        assertThat(result.passed()).as("sample %d: %s", n + 1, result.describe()).isTrue();
        n++;
      }
    }
    assertThat(n).isEqualTo(54);
  }

  @Test
  void sandbox_refusesNetworkAndFileModulesAndTheRealProcess() {
    for (String code :
        List.of(
            "const net = await import('node:net')\ns(\"bd\")",
            "const fs = await import('node:fs')\nfs.writeFileSync('/tmp/x', 'x')\ns(\"bd\")",
            "const cp = await import('child_process')\ns(\"bd\")",
            "process.binding('fs')\ns(\"bd\")",
            "await fetch('http://127.0.0.1:9/')\ns(\"bd\")")) {
      CheckResult result = check.check(code);
      assertThat(result.passed()).as(code + " -> " + result.describe()).isFalse();
    }
    assertThat(check.check("const net = await import('node:net')\ns(\"bd\")").message())
        .contains("not allowed");
  }

  @Test
  void withoutTheEngine_theCheckSaysWhatToInstall(@TempDir Path empty) {
    try (StrudelEngineCheck missing =
        StrudelEngineCheck.builder().engine(StrudelEngine.at(empty)).build()) {
      assertThatThrownBy(missing::verify)
          .isInstanceOf(CheckUnavailableException.class)
          .hasMessageContaining("is not installed in " + empty.toAbsolutePath())
          .hasMessageContaining("finetune strudel setup")
          .hasMessageContaining("@strudel/core@1.2.6");
    }
  }

  @Test
  void withoutNode_theCheckSaysWhatToInstall() {
    try (StrudelEngineCheck missing =
        StrudelEngineCheck.builder()
            .engine(TestEngine.find())
            .node("/nonexistent/node-for-test")
            .build()) {
      assertThatThrownBy(() -> missing.check("s(\"bd\")"))
          .isInstanceOf(CheckUnavailableException.class)
          .hasMessageContaining("Node.js was not found")
          .hasMessageContaining("20.6");
    }
  }
}
