package app.polychat.finetune.grader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packager and the local runner with a small grader of our own (no npm packages), under the
 * real Node.js. The shapes are Bedrock's (UG "Setting up reward functions"): input {@code [{id,
 * messages, metadata}]}, output {@code [{id, aggregate_reward_score, metrics_list: [{name, value,
 * type: "Reward" | "Metric"}]}]}. Skipped, with the reason, where Node.js is not installed.
 */
class LocalGraderTest {
  @TempDir Path dir;

  static final String LENGTH_GRADER =
      """
      exports.handler = async (samples) => samples.map((s) => {
        const answer = s.messages[s.messages.length - 1].content;
        const same = answer === s.metadata.reference_answer ? 1 : 0;
        return { id: s.id, aggregate_reward_score: same,
                 metrics_list: [{ name: 'same', value: same, type: 'Reward' },
                                { name: 'length', value: answer.length, type: 'Metric' }] };
      });
      exports.grade = async (s) => ({ id: s.id, reason: 'compared', message: 'compared' });
      """;

  @BeforeAll
  static void node() {
    boolean present;
    try {
      present = new ProcessBuilder("node", "--version").start().waitFor() == 0;
    } catch (Exception e) {
      present = false;
    }
    assumeTrue(present, "Node.js is not installed: the grader cannot run here");
  }

  private GraderPackage build(String handlerCode) {
    GraderSource source =
        new GraderSource("length", Map.of("index.js", handlerCode), Map.of(), "index.handler", "t");
    return GraderPackager.builder().directory(dir.resolve("grader")).build().build(source);
  }

  private Path rftFile() throws Exception {
    return Files.write(
        dir.resolve("train-rft.jsonl"),
        List.of(
            "{\"id\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"q1\"}],"
                + "\"reference_answer\":\"yes\",\"style\":\"techno\"}",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"q2\"}],\"reference_answer\":\"no\"}"));
  }

  @Test
  void grade_runsTheHandlerAsLambdaWouldAndReadsTheDocumentedShape() throws Exception {
    GraderPackage pkg = build(LENGTH_GRADER);
    List<ObjectNode> batch = GraderBatch.fromDataset(rftFile(), 10, Map.of("a", "nope"));

    List<GradedSample> graded =
        LocalGrader.builder().directory(pkg.directory()).build().grade(batch);

    assertThat(Json.parse(Json.write(batch.get(0))))
        .isEqualTo(
            Json.parse(
                "{\"id\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"q1\"},"
                    + "{\"role\":\"assistant\",\"content\":\"nope\"}],"
                    + "\"metadata\":{\"reference_answer\":\"yes\",\"style\":\"techno\"}}"));
    assertThat(graded).extracting(GradedSample::id).containsExactly("a", "line-2");
    assertThat(graded.get(0).aggregateRewardScore()).isZero();
    assertThat(graded.get(1).aggregateRewardScore()).isEqualTo(1.0); // its reference answer
    assertThat(graded.get(0).metric("length").orElseThrow().type()).isEqualTo("Metric");
    assertThat(graded.get(0).reason()).isEqualTo("compared");
  }

  @Test
  void grade_aHandlerAnsweringInAnotherShapeIsAnError() throws Exception {
    GraderPackage pkg =
        build("exports.handler = async (samples) => samples.map((s) => ({ id: s.id, score: 1 }));");
    List<ObjectNode> batch = GraderBatch.fromDataset(rftFile(), 10, null);

    assertThatThrownBy(() -> LocalGrader.builder().directory(pkg.directory()).build().grade(batch))
        .isInstanceOf(GraderException.class)
        .hasMessageContaining("not in Bedrock's shape")
        .hasMessageContaining("aggregate_reward_score");
  }

  @Test
  void build_writesADeterministicZipWithTheHandlerAndPackageJson() throws Exception {
    GraderPackage first = build(LENGTH_GRADER);
    GraderPackage second = build(LENGTH_GRADER);

    assertThat(second.sha256()).isEqualTo(first.sha256());
    assertThat(first.handler()).isEqualTo("index.handler");
    try (ZipFile zip = new ZipFile(first.zip().toFile())) {
      assertThat(zip.stream().map(e -> e.getName()).toList())
          .containsExactly("index.js", "package.json");
    }
  }
}
