package app.polychat.finetune.validate;

import app.polychat.finetune.example.Conversation;
import app.polychat.finetune.example.Message;

/**
 * Estimates how many tokens a text costs. Amazon Nova has no public tokenizer, so every count the
 * toolkit shows is an estimate and says so; plug in a better estimator if you have one.
 *
 * <pre>{@code
 * int tokens = TokenEstimator.heuristic().estimate("Create a minimal techno loop");
 * }</pre>
 */
public interface TokenEstimator {

  /**
   * Estimated tokens of {@code length} characters of {@code text} starting at {@code offset}.
   *
   * @param text the characters
   * @param offset the index of the first character to count
   * @param length how many characters to count
   * @return the estimated number of tokens, zero or more
   */
  int estimate(char[] text, int offset, int length);

  /**
   * Estimated tokens of a string.
   *
   * @param text the text
   * @return the estimated number of tokens, zero or more
   */
  default int estimate(CharSequence text) {
    char[] chars = text.toString().toCharArray();
    return estimate(chars, 0, chars.length);
  }

  /**
   * Estimated tokens of a whole conversation as the validator counts a record: every turn's and the
   * system prompt's text plus {@link #perTurnOverhead()} for each of them.
   *
   * @param conversation the conversation, system prompt included
   * @return the estimated number of tokens, overheads included
   */
  default int estimate(Conversation conversation) {
    int tokens = 0;
    int turns = conversation.messages().size();
    if (!conversation.system().isEmpty()) {
      tokens += estimate(conversation.systemText());
      turns++;
    }
    for (Message message : conversation.messages()) {
      tokens += estimate(message.text());
    }
    return tokens + perTurnOverhead() * turns;
  }

  /**
   * Tokens a chat template adds around each turn or system prompt (role markers).
   *
   * @return the tokens added per turn and per system prompt; 4 by default
   */
  default int perTurnOverhead() {
    return 4;
  }

  /** {@return how the estimate is made, for reports: "estimated with ..."} */
  String description();

  /**
   * {@return the default heuristic, modelled on how byte-pair tokenizers split text: a word of up
   * to six letters is one token and longer words one more per four letters; digits go in groups of
   * three; every punctuation or symbol character is a token; a line break is a token, as is a run
   * of two or more spaces (indentation); other whitespace is free; a CJK ideograph or kana is a
   * token, and other non-ASCII letters count as part of words} On English prose it lands near the
   * common "four characters per token" rule; on code it counts more, as real tokenizers do.
   */
  static TokenEstimator heuristic() {
    return HeuristicTokenEstimator.INSTANCE;
  }

  /**
   * {@return the cruder rule of one token per {@code charsPerToken} characters, rounded up}
   *
   * @param charsPerToken characters per token, more than zero
   */
  static TokenEstimator charsPerToken(double charsPerToken) {
    if (!(charsPerToken > 0)) {
      throw new IllegalArgumentException("charsPerToken must be > 0, was " + charsPerToken);
    }
    return new TokenEstimator() {
      @Override
      public int estimate(char[] text, int offset, int length) {
        return (int) Math.ceil(length / charsPerToken);
      }

      @Override
      public String description() {
        return "characters ÷ " + HyperparameterRange.format(charsPerToken);
      }
    };
  }
}
