package app.polychat.finetune.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.validate.BedrockRules;
import org.junit.jupiter.api.Test;

class KeywordMatcherTest {
  private final KeywordMatcher matcher = new KeywordMatcher(BedrockRules.RESERVED_KEYWORDS);

  private String find(String text) {
    char[] chars = text.toCharArray();
    return matcher.describe(matcher.find(chars, 0, chars.length));
  }

  @Test
  void find_matchesEveryReservedKeywordInAnyCase() {
    assertThat(find("User: hi")).isEqualTo("`User:`");
    assertThat(find("the BOT: said")).isEqualTo("`Bot:`");
    assertThat(find("assistant:")).isEqualTo("`Assistant:`");
    assertThat(find("SYSTEM: x and thought: y")).isEqualTo("`System:`, `Thought:`");
    assertThat(find("<Image> <VIDEO> <unk> [eos]"))
        .isEqualTo("`<image>`, `<video>`, `<unk>`, `[EOS]`");
    assertThat(find("SuperUser: is still a match, as in AWS's checker")).isEqualTo("`User:`");
  }

  @Test
  void find_ignoresNearMisses() {
    assertThat(find("User : spaced, user, <images>, [EOS, Bot.")).isEmpty();
    assertThat(find("")).isEmpty();
    assertThat(find(":<[")).isEmpty();
  }

  @Test
  void find_staysInsideTheGivenRange() {
    char[] chars = "User: hello".toCharArray();
    assertThat(matcher.find(chars, 1, chars.length - 1)).isZero();
    assertThat(matcher.keyword(0)).isEqualTo("User:");
  }
}
