package app.polychat.finetune.strudel;

import static app.polychat.finetune.strudel.StrudelScorer.BALANCED;
import static app.polychat.finetune.strudel.StrudelScorer.NO_FENCES;
import static app.polychat.finetune.strudel.StrudelScorer.NO_PROSE;
import static app.polychat.finetune.strudel.StrudelScorer.NO_SETCPS;
import static app.polychat.finetune.strudel.StrudelScorer.USES_PATTERNS;
import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.check.Score;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrudelScorerTest {
  private final StrudelScorer scorer = new StrudelScorer();

  private Map<String, Boolean> checks(String answer) {
    return scorer.score("prompt", answer, null).checks();
  }

  private List<String> failed(String answer) {
    return checks(answer).entrySet().stream()
        .filter(e -> !e.getValue())
        .map(Map.Entry::getKey)
        .toList();
  }

  @Test
  void cleanCodeWithCommentsAndMiniNotationPassesEveryCheck() {
    String code =
        """
        // Driving techno: four on the floor
        stack(
          s("bd*4").gain(0.9),
          s("~ hh ~ hh").bank('RolandTR909'), /* offbeat hats, don't overdo them */
          note("c2 [eb2 g2]").s("sawtooth").lpf(sine.range(300, 2000).slow(8))
        )
        """;

    Score score = scorer.score("techno", code, null);

    assertThat(score.checks().keySet())
        .containsExactly(NO_FENCES, NO_PROSE, NO_SETCPS, BALANCED, USES_PATTERNS);
    assertThat(failed(code)).isEmpty();
    assertThat(score.value()).isEqualTo(1.0);
    assertThat(score.compliant()).isTrue();
  }

  @Test
  void fencedAnswerWithAnIntroFailsFencesAndProseOnly() {
    String answer =
        """
        Here's a house groove for you:
        ```javascript
        s("bd*4, ~ cp, hh*8")
        ```
        """;

    assertThat(failed(answer)).containsExactly(NO_FENCES, NO_PROSE);
    assertThat(scorer.score("p", answer, null).value()).isEqualTo(0.6);
  }

  @Test
  void markdownHeadingsAndBulletsAreProse() {
    assertThat(failed("## Beat\ns(\"bd*4\")")).containsExactly(NO_PROSE);
    assertThat(failed("s(\"bd*4\")\n- Uses a kick on every beat")).containsExactly(NO_PROSE);
    assertThat(failed("**Note:** s(\"bd\")")).containsExactly(NO_PROSE);
  }

  @Test
  void setcpsInCodeFailsButInACommentOrStringDoesNot() {
    assertThat(failed("setcps(0.5)\ns(\"bd*2\")")).containsExactly(NO_SETCPS);
    assertThat(failed("setCps(0.5)\ns(\"bd*2\")")).containsExactly(NO_SETCPS);
    assertThat(failed("setcpm(120/4)\ns(\"bd*2\")")).containsExactly(NO_SETCPS);
    assertThat(failed("// setcps is not used here\ns(\"bd*2\")")).isEmpty();
    assertThat(failed("s(\"setcps\")")).isEmpty();
  }

  @Test
  void unbalancedBracketsOrQuotesFailBalanced() {
    assertThat(failed("stack(s(\"bd*4\"), note(\"c e g\")")).containsExactly(BALANCED);
    assertThat(failed("s(\"bd*4)")).containsExactly(BALANCED);
    assertThat(failed("s(\"bd*4\"]")).containsExactly(BALANCED);
    assertThat(failed("note(`c e\ng b`)")).isEmpty(); // backtick strings may span lines
    assertThat(failed("s(\"bd\") /* open comment")).containsExactly(BALANCED);
  }

  @Test
  void codeWithoutPatternFunctionsFailsUsesPatterns() {
    assertThat(failed("samples('github:tidalcycles/dirt-samples')\nhush()"))
        .containsExactly(USES_PATTERNS);
    assertThat(failed("sound(\"bd*4\")")).isEmpty();
    assertThat(failed("n(\"0 2 4\").scale(\"C:minor\").s(\"piano\")")).isEmpty();
    assertThat(failed("bass(\"x\")")).containsExactly(USES_PATTERNS);
  }

  @Test
  void anEmptyAnswerIsNotCode() {
    assertThat(failed("")).containsExactly(NO_PROSE, USES_PATTERNS);
    assertThat(failed("   \n")).containsExactly(NO_PROSE, USES_PATTERNS);
  }

  @Test
  void pureProseFailsEverythingButFencesSetcpsAndBalance() {
    assertThat(failed("I cannot write music, but I can describe a beat."))
        .containsExactly(NO_PROSE, USES_PATTERNS);
  }
}
