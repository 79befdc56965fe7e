package app.polychat.finetune.strudel;

import app.polychat.finetune.check.Score;
import app.polychat.finetune.check.Scorer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Format compliance for Strudel live-coding answers: the answer must be code Strudel can run as it
 * is. Five checks, each judged on its own (so one fault costs one check):
 *
 * <ul>
 *   <li>{@code no-fences}: no Markdown code fences ({@code ```} or {@code ~~~});
 *   <li>{@code no-prose}: some code, and every line is code or a comment (no explanations, headings
 *       or bullet points);
 *   <li>{@code no-setcps}: no {@code setcps(...)}, {@code setCps(...)} or {@code setcpm(...)} call
 *       (the host app sets the tempo, as the Strudel prompt config says);
 *   <li>{@code balanced}: brackets {@code ()[]{}} and quotes {@code " ' `} are closed, in order,
 *       outside comments;
 *   <li>{@code uses-patterns}: the code calls {@code s(}, {@code sound(}, {@code note(}, {@code n(}
 *       or {@code stack(}.
 * </ul>
 *
 * <p>Strings and comments are set aside before the code checks, so {@code "c e g"} is not prose and
 * {@code // no setcps here} is not a call. Fence lines are set aside for the other checks.
 *
 * <pre>{@code
 * Score score = new StrudelScorer().score(prompt, "s(\"bd*4\").gain(0.8)", null);
 * score.compliant();   // true
 * }</pre>
 */
public final class StrudelScorer implements Scorer {
  /** Check name: the answer has no Markdown code fence. */
  public static final String NO_FENCES = "no-fences";

  /** Check name: the answer has no prose outside comments and strings. */
  public static final String NO_PROSE = "no-prose";

  /** Check name: the answer does not set the tempo. */
  public static final String NO_SETCPS = "no-setcps";

  /** Check name: brackets and quotes are closed, in order. */
  public static final String BALANCED = "balanced";

  /** Check name: the answer calls a pattern function. */
  public static final String USES_PATTERNS = "uses-patterns";

  private static final List<String> CHECKS =
      List.of(NO_FENCES, NO_PROSE, NO_SETCPS, BALANCED, USES_PATTERNS);
  private static final Pattern FENCE = Pattern.compile("(?m)^\\s*(```|~~~)");
  private static final Pattern SETCPS = Pattern.compile("(?i)\\bsetcp[sm]\\b");
  private static final Pattern PATTERN_CALL =
      Pattern.compile("(?<![\\w$])(s|sound|note|n|stack)\\s*\\(");
  private static final Pattern THREE_WORDS =
      Pattern.compile("(?<![\\w$.])[A-Za-z][A-Za-z']*[,]?\\s[A-Za-z']+[,]?\\s[A-Za-z']+\\b");
  private static final Pattern MARKDOWN_LINE =
      Pattern.compile("^(#{1,6}\\s|[-*+]\\s+[A-Za-z]|\\d+\\.\\s+[A-Za-z]|\\*\\*|>\\s)");

  @Override
  public String name() {
    return "strudel";
  }

  @Override
  public List<String> checks() {
    return CHECKS;
  }

  @Override
  public String describe(String check) {
    return switch (check) {
      case NO_FENCES -> "no Markdown code fences";
      case NO_PROSE -> "code only: every line is code or a comment, and there is code";
      case NO_SETCPS -> "no setcps/setcpm call (the app sets the tempo)";
      case BALANCED -> "brackets and quotes balanced";
      case USES_PATTERNS -> "calls s(, sound(, note(, n( or stack(";
      default -> check;
    };
  }

  @Override
  public Score score(String prompt, String answer, String reference) {
    String text = answer == null ? "" : answer;
    String withoutFences = FENCE.matcher(text).find() ? dropFenceLines(text) : text;
    Stripped code = strip(withoutFences);
    Map<String, Boolean> checks = new LinkedHashMap<>();
    checks.put(NO_FENCES, !FENCE.matcher(text).find());
    checks.put(NO_PROSE, !code.code().isBlank() && !hasProse(withoutFences, code.code()));
    checks.put(NO_SETCPS, !SETCPS.matcher(code.code()).find());
    checks.put(BALANCED, code.balanced());
    checks.put(USES_PATTERNS, PATTERN_CALL.matcher(code.code()).find());
    return Score.ofChecks(checks);
  }

  private static String dropFenceLines(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (!FENCE.matcher(line).find()) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /** Whether a line (as written, and with strings and comments set aside) reads as prose. */
  private static boolean hasProse(String original, String code) {
    String[] written = original.split("\n", -1);
    String[] stripped = code.split("\n", -1);
    for (int i = 0; i < stripped.length; i++) {
      String line = stripped[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String asWritten = i < written.length ? written[i].strip() : line;
      if (MARKDOWN_LINE.matcher(asWritten).find()) {
        return true;
      }
      if (THREE_WORDS.matcher(line).find()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The text with comments removed and string contents emptied (line breaks kept), and whether
   * brackets and quotes balance.
   */
  record Stripped(String code, boolean balanced) {}

  static Stripped strip(String text) {
    StringBuilder code = new StringBuilder(text.length());
    Deque<Character> open = new ArrayDeque<>();
    boolean balanced = true;
    char quote = 0; // the quote of the string we are in, or 0
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      char next = i + 1 < n ? text.charAt(i + 1) : 0;
      if (quote != 0) {
        if (c == '\\') {
          i += 2;
          continue;
        }
        if (c == '\n') {
          code.append('\n');
          if (quote != '`') {
            balanced = false; // a quote left open at the end of the line
            quote = 0;
          }
        } else if (c == quote) {
          code.append(c);
          quote = 0;
        }
        i++;
        continue;
      }
      if (c == '/' && next == '/') {
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
        continue;
      }
      if (c == '/' && next == '*') {
        int end = text.indexOf("*/", i + 2);
        String comment = end < 0 ? text.substring(i) : text.substring(i, end + 2);
        comment.chars().filter(ch -> ch == '\n').forEach(ch -> code.append('\n'));
        if (end < 0) {
          balanced = false;
          break;
        }
        i = end + 2;
        continue;
      }
      boolean apostrophe = c == '\'' && i > 0 && Character.isLetterOrDigit(text.charAt(i - 1));
      if (c == '"' || (c == '\'' && !apostrophe) || c == '`') {
        quote = c;
        code.append(c);
      } else if (c == '(' || c == '[' || c == '{') {
        open.push(c);
        code.append(c);
      } else if (c == ')' || c == ']' || c == '}') {
        char expected = c == ')' ? '(' : c == ']' ? '[' : '{';
        if (open.isEmpty() || open.pop() != expected) {
          balanced = false;
        }
        code.append(c);
      } else {
        code.append(c);
      }
      i++;
    }
    if (quote != 0 || !open.isEmpty()) {
      balanced = false;
    }
    return new Stripped(code.toString(), balanced);
  }

  @Override
  public String toString() {
    return "StrudelScorer" + CHECKS;
  }
}
