package app.polychat.finetune.strudel;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.grader.GradedSample;
import app.polychat.finetune.grader.GraderPackage;
import app.polychat.finetune.grader.GraderPackager;
import app.polychat.finetune.grader.LocalGrader;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged Strudel grader under the real Node.js and the real Strudel engine, with a batch in
 * the input shape of the Amazon Bedrock User Guide ("Setting up reward functions": {@code [{"id",
 * "messages": [..., {"role": "assistant", ...}], "metadata": {"reference_answer", ...}}]}) and the
 * output checked against the documented shape ({@code [{"id", "aggregate_reward_score",
 * "metrics_list": [{"name", "value", "type": "Reward" | "Metric"}]}]}) by {@link LocalGrader}.
 * Skipped, with the reason, where Node.js or the engine packages are missing.
 */
class StrudelGraderTest {
  static StrudelEngine engine;
  static GraderPackage pkg;
  @TempDir static Path dir;

  @BeforeAll
  static void build() {
    engine = TestEngine.requireInstalled();
    // the test machine's installed engine stands in for npm (the same pinned versions are checked)
    pkg =
        GraderPackager.builder()
            .directory(dir.resolve("strudel-grader"))
            .nodeModulesFrom(engine.dir())
            .build()
            .build(StrudelGrader.source());
  }

  private static ObjectNode sample(String id, String answer, String reference) {
    return (ObjectNode)
        Json.parse(
            "{\"id\":"
                + Json.write(id)
                + ",\"messages\":[{\"role\":\"system\",\"content\":\"You write Strudel.\"},"
                + "{\"role\":\"user\",\"content\":\"A techno beat\"},{\"role\":\"assistant\","
                + "\"content\":"
                + Json.write(answer)
                + "}],\"metadata\":{\"reference_answer\":"
                + Json.write(reference)
                + ",\"style\":\"techno\"}}");
  }

  private static List<GradedSample> grade(List<ObjectNode> batch, Map<String, String> env) {
    LocalGrader.Builder grader = LocalGrader.builder().directory(pkg.directory());
    env.forEach(grader::environment);
    return grader.build().grade(batch);
  }

  @Test
  void handler_rewardsRunnableCodeAndPenalisesBrokenCodeInTheDocumentedShape() {
    String reference = "s(\"bd*4, [~ hh]*4\").bank(\"RolandTR909\")";
    List<GradedSample> graded =
        grade(
            List.of(
                sample("runs", "s(\"bd*4, [~ hh]*4\")", reference),
                sample(
                    "fenced", "```javascript\nnote(\"c2 eb2 g2\").s(\"sawtooth\")\n```", reference),
                sample("no-sound", "\"bd sd\"", reference),
                sample("unknown", "stack(s(\"bd*4\"), wobble(3))", reference),
                sample("mini", "s(\"bd [sd\")", reference),
                sample("syntax", "s(\"bd*4\"", reference)),
            Map.of());

    assertThat(graded)
        .extracting(GradedSample::id)
        .containsExactly("runs", "fenced", "no-sound", "unknown", "mini", "syntax");
    assertThat(graded)
        .extracting(GradedSample::aggregateRewardScore)
        .containsExactly(1.0, 0.9, 0.5, 0.1, 0.1, 0.0);
    assertThat(graded)
        .extracting(GradedSample::reason)
        .containsExactly("ok", "ok", "no-sound", "unknown-function", "mini-notation", "syntax");
    GradedSample runs = graded.get(0);
    assertThat(runs.metric("execution").orElseThrow().type()).isEqualTo("Reward");
    // 8 events: the runner queries cycle by cycle and stops at the first cycle that has events
    assertThat(runs.metric("events").orElseThrow().value()).isEqualTo(8.0);
    assertThat(runs.metric("similarity").orElseThrow().type()).isEqualTo("Metric");
  }

  @Test
  void handler_mixesInSimilarityToTheReferenceWhenConfigured() {
    String reference = "s(\"bd*4, [~ hh]*4\").bank(\"RolandTR909\")";
    List<GradedSample> graded =
        grade(
            List.of(
                sample("same", reference, reference),
                sample("other", "note(\"c3 e3 g3\").s(\"piano\")", reference),
                sample("broken", reference + ".fast(", reference)),
            Map.of("FINETUNE_GRADER_SIMILARITY_WEIGHT", "0.5"));

    assertThat(graded.get(0).aggregateRewardScore()).isEqualTo(1.0);
    assertThat(graded.get(1).aggregateRewardScore()).isBetween(0.5, 0.75);
    assertThat(graded.get(2).aggregateRewardScore()).isZero(); // similar, but it does not run
    assertThat(graded.get(0).metric("similarity").orElseThrow().type()).isEqualTo("Reward");
  }

  @Test
  void handler_stopsAnEndlessLoopAndReadsATopLevelReferenceAnswer() {
    ObjectNode loop = sample("loop", "while (true) {}\ns(\"bd\")", "s(\"bd\")");
    ObjectNode topLevel = sample("top", "s(\"bd sd\")", "s(\"bd sd\")");
    topLevel.set("reference_answer", topLevel.path("metadata").get("reference_answer"));
    ((ObjectNode) topLevel.get("metadata")).remove("reference_answer");

    List<GradedSample> graded =
        grade(List.of(loop, topLevel), Map.of("FINETUNE_GRADER_SIMILARITY_WEIGHT", "0.2"));

    assertThat(graded.get(0).reason()).isEqualTo("timeout");
    assertThat(graded.get(0).aggregateRewardScore()).isZero();
    assertThat(graded.get(1).aggregateRewardScore()).isEqualTo(1.0);
  }

  @Test
  void package_isAZipWithTheHandlerTheCheckAndTheEnginePackages() throws Exception {
    assertThat(pkg.handler()).isEqualTo("index.handler");
    assertThat(pkg.dependencies()).isEqualTo(StrudelEngine.PACKAGES);
    try (ZipFile zip = new ZipFile(pkg.zip().toFile())) {
      assertThat(zip.getEntry("index.js")).isNotNull();
      assertThat(zip.getEntry("strudel-check.cjs")).isNotNull();
      assertThat(zip.getEntry("package.json")).isNotNull();
      assertThat(zip.getEntry("node_modules/@strudel/core/package.json")).isNotNull();
    }
  }
}
