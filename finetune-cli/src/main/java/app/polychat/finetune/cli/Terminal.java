package app.polychat.finetune.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Output helpers: colour only on a terminal and never with {@code NO_COLOR} or under {@code CI}; on
 * a terminal, a line wider than the window is wrapped at spaces (indented under itself) instead of
 * by the terminal mid-word. Piped output is never wrapped, so scripts see whole lines.
 */
final class Terminal {
  private final PrintWriter out;
  private final boolean colour;
  private final boolean interactive;
  private final IntSupplier width;

  Terminal(PrintWriter out, Map<String, String> environment, boolean interactive) {
    this(out, environment, interactive, () -> TerminalWidth.FALLBACK);
  }

  Terminal(
      PrintWriter out, Map<String, String> environment, boolean interactive, IntSupplier width) {
    this.out = out;
    this.interactive = interactive;
    this.width = width;
    this.colour =
        interactive
            && !environment.containsKey("NO_COLOR")
            && !environment.containsKey("CI")
            && !"dumb".equals(environment.get("TERM"));
  }

  PrintWriter out() {
    return out;
  }

  boolean colour() {
    return colour;
  }

  String green(String text) {
    return colour ? "\u001B[32m" + text + "\u001B[0m" : text;
  }

  String yellow(String text) {
    return colour ? "\u001B[33m" + text + "\u001B[0m" : text;
  }

  String bold(String text) {
    return colour ? "\u001B[1m" + text + "\u001B[0m" : text;
  }

  void println(String line) {
    if (interactive && line.indexOf('\n') < 0) {
      wrap(line, width.getAsInt()).forEach(out::println);
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** {@code line} broken at spaces to fit {@code width - 1} columns; long words stay whole. */
  static List<String> wrap(String line, int width) {
    int room = Math.max(20, width - 1);
    if (line.codePointCount(0, line.length()) <= room || line.contains("\u001B")) {
      return List.of(line);
    }
    String indent = line.substring(0, line.length() - line.stripLeading().length());
    String more = indent + "  ";
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder(indent);
    int length = indent.length();
    for (String word : line.strip().split(" ")) {
      int w = word.codePointCount(0, word.length());
      boolean empty = current.toString().isBlank();
      if (!empty && length + 1 + w > room) {
        lines.add(current.toString());
        current = new StringBuilder(more);
        length = more.length();
        empty = true;
      }
      if (!empty) {
        current.append(' ');
        length++;
      }
      current.append(word);
      length += w;
    }
    lines.add(current.toString());
    return lines;
  }

  void println() {
    println("");
  }
}
