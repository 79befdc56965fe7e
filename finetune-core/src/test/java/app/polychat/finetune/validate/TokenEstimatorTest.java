package app.polychat.finetune.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TokenEstimatorTest {
  private final TokenEstimator heuristic = TokenEstimator.heuristic();

  @Test
  void heuristic_countsWordsPunctuationAndNumbers() {
    assertThat(heuristic.estimate("")).isZero();
    assertThat(heuristic.estimate("The quick brown fox jumps over the lazy dog.")).isEqualTo(10);
    assertThat(heuristic.estimate("internationalization")).isEqualTo(5);
    assertThat(heuristic.estimate("1234567")).isEqualTo(3);
    assertThat(heuristic.estimate("a\nb")).isEqualTo(3);
    assertThat(heuristic.estimate("a    b")).isEqualTo(3);
    assertThat(heuristic.estimate("日本語")).isEqualTo(3);
    assertThat(heuristic.estimate("café crème")).isEqualTo(2);
  }

  @Test
  void heuristic_landsNearFourCharactersPerTokenOnEnglishProse() {
    String prose =
        "Fine-tuning adapts a pre-trained model to a narrow task by continuing its training on"
            + " examples of that task. The model keeps what it learned before and becomes more"
            + " consistent about the format and style the examples show, so prompts can be"
            + " shorter and answers cheaper. A few hundred good examples are often enough.";
    double charsPerToken = (double) prose.length() / heuristic.estimate(prose);
    assertThat(charsPerToken).isCloseTo(4.0, within(1.0));
  }

  @Test
  void heuristic_countsCodeDenserThanProse() {
    String code = "stack(s(\"bd*4,hh*8\").bank(\"RolandTR909\"), note(\"c2 eb2\").lpf(800))";
    assertThat((double) code.length() / heuristic.estimate(code)).isLessThan(3.0);
  }

  @Test
  void heuristic_estimatesASliceOfABuffer() {
    char[] buffer = "xxxThe quick brown foxyyy".toCharArray();
    assertThat(heuristic.estimate(buffer, 3, 19)).isEqualTo(4);
    assertThat(heuristic.description()).contains("heuristic").contains("not public");
  }

  @Test
  void charsPerToken_roundsUpAndRejectsNonsense() {
    TokenEstimator quarter = TokenEstimator.charsPerToken(4);
    assertThat(quarter.estimate("abcde")).isEqualTo(2);
    assertThat(quarter.description()).isEqualTo("characters ÷ 4");
    assertThatThrownBy(() -> TokenEstimator.charsPerToken(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
