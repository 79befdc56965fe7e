package app.polychat.finetune.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help fitted to the terminal: picocli wraps descriptions to the width, and the footers (where the
 * examples are) are laid out here, because picocli would wrap an example wherever the width ends,
 * inside a path or an ARN. An example command is re-flowed at spaces only, each break ending in a
 * single {@code \} so the lines paste into a shell; a token longer than the width stays whole.
 */
final class HelpLayout {
  /** picocli's own minimum; below it the option table cannot be laid out. */
  static final int MIN_WIDTH = 55;

  static final int MAX_WIDTH = 160;
  private static final String CONTINUATION_INDENT = "    ";

  private HelpLayout() {}

  /** Sets the help width of every command to {@code width} and installs the footer layout. */
  static void apply(CommandLine cli, int width) {
    int fitted = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, width));
    cli.setUsageHelpWidth(fitted);
    install(cli, fitted);
  }

  private static void install(CommandLine command, int width) {
    command
        .getHelpSectionMap()
        .put(
            UsageMessageSpec.SECTION_KEY_FOOTER,
            help ->
                String.join(
                        "\n", footer(List.of(help.commandSpec().usageMessage().footer()), width))
                    + (help.commandSpec().usageMessage().footer().length == 0 ? "" : "\n"));
    command.getSubcommands().values().forEach(sub -> install(sub, width));
  }

  /** The footer's lines laid out for {@code width} columns. */
  static List<String> footer(List<String> lines, int width) {
    List<String> out = new ArrayList<>();
    int room = width - 1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).replace("%n", "");
      String indent = line.substring(0, line.length() - line.stripLeading().length());
      if (line.stripLeading().startsWith("finetune ")) {
        // one command, possibly continued over several lines with " \"
        StringBuilder command = new StringBuilder(line.strip());
        while (endsWithContinuation(command) && i + 1 < lines.size()) {
          command.setLength(command.length() - 1);
          command.append(' ').append(lines.get(++i).strip());
        }
        out.addAll(command(indent, command.toString(), room));
      } else {
        out.addAll(prose(indent, line.strip(), room));
      }
    }
    return out;
  }

  private static boolean endsWithContinuation(CharSequence text) {
    return text.length() > 0 && text.charAt(text.length() - 1) == '\\';
  }

  /** A shell command broken at spaces, each broken line ending in {@code " \"}. */
  static List<String> command(String indent, String command, int room) {
    String comment = "";
    int hash = command.indexOf("   #");
    if (hash > 0) {
      comment = "  " + command.substring(hash).strip();
      command = command.substring(0, hash).strip();
    }
    String[] tokens = command.trim().split("\\s+");
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder(indent).append(tokens[0]);
    for (int t = 1; t < tokens.length; t++) {
      // keep an option with its value: "--count 300" moves as one piece when it can
      String piece = tokens[t];
      int pair = t + 1 < tokens.length ? piece.length() + 1 + tokens[t + 1].length() : 0;
      if (piece.startsWith("-")
          && t + 1 < tokens.length
          && !tokens[t + 1].startsWith("-")
          && line.length() + 1 + pair + 2 > room
          && indent.length() + CONTINUATION_INDENT.length() + pair + 2 <= room) {
        piece = piece + " " + tokens[++t];
      }
      if (line.length() + 1 + piece.length() + 2 > room && line.length() > indent.length()) {
        out.add(line.append(" \\").toString());
        line = new StringBuilder(indent).append(CONTINUATION_INDENT).append(piece);
      } else {
        line.append(' ').append(piece);
      }
    }
    if (!comment.isEmpty()) {
      if (line.length() + comment.length() <= room) {
        line.append(comment);
      } else {
        out.add(line.toString());
        line = new StringBuilder(indent).append(comment.strip());
      }
    }
    out.add(line.toString());
    return out;
  }

  /** Text wrapped at spaces; a word longer than the room stays whole on its own line. */
  static List<String> prose(String indent, String text, int room) {
    List<String> out = new ArrayList<>();
    if (text.isEmpty()) {
      out.add("");
      return out;
    }
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.split(" +")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > room) {
        out.add(line.toString());
        line = new StringBuilder(indent);
      }
      if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    out.add(line.toString());
    return out;
  }
}
