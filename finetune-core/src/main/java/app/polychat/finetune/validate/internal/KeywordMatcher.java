package app.polychat.finetune.validate.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds reserved keywords in text, case-insensitively, in one pass. Each keyword is anchored on its
 * first character that is not a letter or digit ({@code :}, {@code <}, {@code [}), so the scan only
 * stops on those characters and compares the keywords around them. Up to 32 keywords; a match is
 * reported as a bit mask of their indexes.
 */
public final class KeywordMatcher {
  private final char[][] keywords;
  private final int[][] anchors = new int[128][]; // anchor char -> {keyword, offset, keyword, ...}

  public KeywordMatcher(List<String> keywords) {
    if (keywords.size() > 32) {
      throw new IllegalArgumentException("at most 32 keywords");
    }
    this.keywords = new char[keywords.size()][];
    List<List<Integer>> byAnchor = new ArrayList<>();
    for (int c = 0; c < 128; c++) {
      byAnchor.add(new ArrayList<>());
    }
    for (int k = 0; k < keywords.size(); k++) {
      char[] word = keywords.get(k).toCharArray();
      int anchor = 0;
      for (int i = 0; i < word.length; i++) {
        if (!Character.isLetterOrDigit(word[i])) {
          anchor = i;
          break;
        }
      }
      for (char c : word) {
        if (c >= 128) {
          throw new IllegalArgumentException("keywords must be ASCII: " + keywords.get(k));
        }
      }
      this.keywords[k] = word;
      char lower = fold(word[anchor]);
      byAnchor.get(lower).addAll(List.of(k, anchor));
      if (upper(lower) != lower) {
        byAnchor.get(upper(lower)).addAll(List.of(k, anchor));
      }
    }
    for (int c = 0; c < 128; c++) {
      List<Integer> list = byAnchor.get(c);
      if (!list.isEmpty()) {
        anchors[c] = list.stream().mapToInt(Integer::intValue).toArray();
      }
    }
  }

  /** The keyword with index {@code k}. */
  public String keyword(int k) {
    return new String(keywords[k]);
  }

  /** A bit mask of the keywords found in the range, 0 when none. */
  public int find(char[] text, int offset, int length) {
    int end = offset + length;
    int found = 0;
    for (int i = offset; i < end; i++) {
      char c = text[i];
      if (c < 128 && anchors[c] != null) {
        found |= matchAt(text, i, offset, end);
      }
    }
    return found;
  }

  /** Whether {@code c} is a character some keyword is anchored on. */
  public boolean isAnchor(char c) {
    return c < 128 && anchors[c] != null;
  }

  /**
   * Whether every keyword is anchored on a character that is neither a letter, a digit nor
   * whitespace, so a scan that stops on each such character finds them all.
   */
  public boolean anchoredOnPunctuation() {
    for (int c = 0; c < 128; c++) {
      if (anchors[c] != null && (Character.isLetterOrDigit(c) || Character.isWhitespace(c))) {
        return false;
      }
    }
    return true;
  }

  /**
   * A bit mask of the keywords anchored at {@code text[i]} that lie within {@code [offset, end)};
   * {@code text[i]} must be an {@linkplain #isAnchor anchor}.
   */
  public int matchAt(char[] text, int i, int offset, int end) {
    int found = 0;
    int[] candidates = anchors[text[i]];
    for (int j = 0; j < candidates.length; j += 2) {
      int k = candidates[j];
      int start = i - candidates[j + 1];
      char[] word = keywords[k];
      if (start >= offset && start + word.length <= end && matches(text, start, word)) {
        found |= 1 << k;
      }
    }
    return found;
  }

  /** The keywords of a mask, quoted and comma-separated: {@code `User:`, `[EOS]`}. */
  public String describe(int mask) {
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < keywords.length; k++) {
      if ((mask & (1 << k)) != 0) {
        out.append(out.length() == 0 ? "" : ", ").append('`').append(keywords[k]).append('`');
      }
    }
    return out.toString();
  }

  private static boolean matches(char[] text, int start, char[] word) {
    for (int i = 0; i < word.length; i++) {
      if (fold(text[start + i]) != fold(word[i])) {
        return false;
      }
    }
    return true;
  }

  private static char fold(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  private static char upper(char c) {
    return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
  }
}
