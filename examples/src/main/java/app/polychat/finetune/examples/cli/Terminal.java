package app.polychat.finetune.examples.cli;

import java.io.PrintWriter;
import java.util.Map;

/**
 * Output helpers: colour only on a terminal and never with {@code NO_COLOR} or under {@code CI}.
 */
final class Terminal {
  private final PrintWriter out;
  private final boolean colour;

  Terminal(PrintWriter out, Map<String, String> environment, boolean interactive) {
    this.out = out;
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
    out.println(line);
    out.flush();
  }

  void println() {
    println("");
  }
}
