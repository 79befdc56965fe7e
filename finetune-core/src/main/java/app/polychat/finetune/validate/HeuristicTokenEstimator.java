package app.polychat.finetune.validate;

import app.polychat.finetune.validate.internal.KeywordMatcher;

/** The default {@link TokenEstimator}: see {@link TokenEstimator#heuristic()}. */
final class HeuristicTokenEstimator implements TokenEstimator {
  static final HeuristicTokenEstimator INSTANCE = new HeuristicTokenEstimator();

  private static final byte OTHER = 0;
  private static final byte LETTER = 1;
  private static final byte DIGIT = 2;
  private static final byte SPACE = 3;
  private static final byte NEWLINE = 4;
  private static final byte[] ASCII = new byte[128];

  static {
    for (int c = 0; c < 128; c++) {
      if (Character.isLetter(c)) {
        ASCII[c] = LETTER;
      } else if (Character.isDigit(c)) {
        ASCII[c] = DIGIT;
      } else if (c == '\n') {
        ASCII[c] = NEWLINE;
      } else if (Character.isWhitespace(c)) {
        ASCII[c] = SPACE;
      } else {
        ASCII[c] = OTHER;
      }
    }
  }

  private HeuristicTokenEstimator() {}

  /** What one pass over a text found. */
  static final class TextFacts {
    int tokens;
    int keywords;
    boolean blank;
  }

  @Override
  public int estimate(char[] text, int offset, int length) {
    return scan(text, offset, length, null, null);
  }

  /**
   * Estimates tokens and, in the same pass, finds reserved keywords (when {@code keywords} is not
   * null; its anchors must all be punctuation) and whether the text is blank, into {@code facts}.
   * One pass instead of three over every text of a dataset.
   */
  int scan(char[] text, int offset, int length, KeywordMatcher keywords, TextFacts facts) {
    int mask = 0;
    boolean blank = true;
    int tokens = 0;
    int end = offset + length;
    int i = offset;
    while (i < end) {
      char c = text[i];
      byte kind = c < 128 ? ASCII[c] : classify(c);
      switch (kind) {
        case LETTER -> {
          blank = false;
          int start = i;
          while (++i < end && isWordChar(text[i])) {
            // a word
          }
          int letters = i - start;
          tokens += letters <= 6 ? 1 : 1 + (letters - 3) / 4;
        }
        case DIGIT -> {
          blank = false;
          int start = i;
          while (++i < end && text[i] >= '0' && text[i] <= '9') {
            // a number
          }
          tokens += (i - start + 2) / 3;
        }
        case SPACE -> {
          int start = i;
          while (++i < end && text[i] < 128 && ASCII[text[i]] == SPACE) {
            // whitespace
          }
          if (i - start > 1) {
            tokens++;
          }
        }
        case NEWLINE -> {
          tokens++;
          i++;
        }
        default -> {
          // punctuation, symbols, ideographs, surrogate halves, other scripts' marks
          blank = false;
          if (keywords != null && keywords.isAnchor(c)) {
            mask |= keywords.matchAt(text, i, offset, end);
          }
          tokens++;
          i++;
        }
      }
    }
    if (facts != null) {
      facts.tokens = tokens;
      facts.keywords = mask;
      facts.blank = blank;
    }
    return tokens;
  }

  private static boolean isWordChar(char c) {
    return c < 128 ? ASCII[c] == LETTER : classify(c) == LETTER;
  }

  private static byte classify(char c) {
    if (Character.isIdeographic(c)
        || (c >= 0x3040 && c <= 0x30FF) // kana
        || (c >= 0xAC00 && c <= 0xD7AF)) { // hangul syllables
      return OTHER;
    }
    if (Character.isLetter(c)) {
      return LETTER;
    }
    if (Character.isDigit(c)) {
      return OTHER;
    }
    return Character.isWhitespace(c) ? SPACE : OTHER;
  }

  @Override
  public String description() {
    return "a word/number/punctuation heuristic, as Nova's tokenizer is not public";
  }
}
