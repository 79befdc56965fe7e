package app.polychat.finetune.strudel;

import app.polychat.finetune.grader.GraderSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The Strudel grader for reinforcement fine-tuning: a Lambda handler ({@code index.js}) that runs
 * each of the model's answers through the same engine check as {@code StrudelEngineCheck} ({@code
 * strudel-check.cjs}, the runner's evaluation logic, not a second evaluator) and returns Bedrock's
 * reward shape. The Strudel engine packages are installed by npm when the package is built on the
 * user's machine ({@link StrudelEngine#PACKAGES}, the runner's pinned versions); they are never
 * part of finetune.
 *
 * <p>Reward rules: an answer that runs and plays sounding events earns 1.0; events without sounds
 * 0.5; a pattern without events 0.4; code that evaluates to something other than a pattern 0.2; a
 * runtime, unknown-function or mini-notation error 0.1; a syntax error, an empty answer or a
 * timeout 0. Markdown fences are removed before the check and cost 10% of the execution reward.
 * With {@code FINETUNE_GRADER_SIMILARITY_WEIGHT} = w (0–1, default 0) in the function's
 * environment, the reward is (1 − w) × execution + w × the token Jaccard similarity to the
 * reference answer, the similarity counting only for answers that play.
 *
 * <pre>{@code
 * GraderPackage pkg = GraderPackager.builder().directory(Path.of("grader/strudel")).build()
 *     .build(StrudelGrader.source());
 * }</pre>
 */
public final class StrudelGrader {
  /** The check's name on the command line: {@code --check strudel}. */
  public static final String CHECK = "strudel";

  private StrudelGrader() {}

  /**
   * The grader's files, its npm packages and its handler.
   *
   * @return the grader's JavaScript source, its pinned npm dependencies and the handler name, ready
   *     for {@code GraderPackager}
   */
  public static GraderSource source() {
    return new GraderSource(
        CHECK,
        Map.of(
            "index.js", read("/app/polychat/finetune/strudel/grader/strudel-grader.cjs"),
            "strudel-check.cjs", read("/app/polychat/finetune/strudel/runner/strudel-check.cjs")),
        StrudelEngine.PACKAGES,
        GraderSource.DEFAULT_HANDLER,
        "finetune's Strudel grader for Amazon Bedrock reinforcement fine-tuning (the @strudel"
            + " packages are AGPL-3.0, installed from npm when the package is built)");
  }

  private static String read(String resource) {
    try (InputStream in = StrudelGrader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new UncheckedIOException(
            new IOException("resource " + resource + " is missing from finetune-strudel"));
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
