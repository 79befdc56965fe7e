package app.polychat.finetune.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * One progress line fitted to a width: a bar and fields shown in the order they were added; when
 * the line is too wide the field of lowest importance goes first, then the bar shrinks, then it
 * goes too. The line stays one column short of the width so the terminal never wraps it.
 */
final class StatusLine {
  private static final int BAR_MIN = 10;
  private static final int BAR_MAX = 32;
  private static final String GAP = "  ";

  private record Field(String text, int importance) {}

  private final List<Field> fields = new ArrayList<>();
  private double fraction = -1;
  private int barImportance;

  /**
   * A bar filled to {@code fraction} (0 to 1) before the fields, kept as long as a field of the
   * same importance.
   */
  StatusLine bar(double fraction, int importance) {
    this.fraction = Math.max(0, Math.min(1, fraction));
    this.barImportance = importance;
    return this;
  }

  /** A field; the higher {@code importance}, the longer it survives a narrow terminal. */
  StatusLine add(String text, int importance) {
    if (text != null && !text.isEmpty()) {
      fields.add(new Field(text, importance));
    }
    return this;
  }

  /** The line without a bar, every field kept: for logs and pipes. */
  String plain() {
    return String.join(GAP, fields.stream().map(Field::text).toList());
  }

  /** The line at most {@code width - 1} characters wide. */
  String fit(int width) {
    int room = Math.max(1, width - 1);
    List<Field> kept = new ArrayList<>(fields);
    boolean withBar = fraction >= 0;
    while (true) {
      String text = String.join(GAP, kept.stream().map(Field::text).toList());
      int barRoom = room - text.length() - (text.isEmpty() ? 0 : 1) - 2;
      if (withBar && barRoom >= BAR_MIN) {
        return bar(Math.min(BAR_MAX, barRoom)) + (text.isEmpty() ? "" : " " + text);
      }
      if (!withBar && text.length() <= room) {
        return text;
      }
      int least = leastImportant(kept);
      if (withBar && (least < 0 || barImportance <= kept.get(least).importance())) {
        withBar = false;
      } else if (kept.size() > 1) {
        kept.remove(least);
      } else {
        return text.substring(0, Math.min(text.length(), room));
      }
    }
  }

  private String bar(int inside) {
    int filled = (int) Math.round(inside * fraction);
    return "[" + "#".repeat(filled) + ".".repeat(inside - filled) + "]";
  }

  private static int leastImportant(List<Field> kept) {
    if (kept.isEmpty()) {
      return -1;
    }
    int index = 0;
    for (int i = 1; i < kept.size(); i++) {
      if (kept.get(i).importance() <= kept.get(index).importance()) {
        index = i;
      }
    }
    return index;
  }
}
