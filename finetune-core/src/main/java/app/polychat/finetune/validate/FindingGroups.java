package app.polychat.finetune.validate;

import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Findings grouped by code for people: each group once with its fix, the first few places with a
 * short snippet of the offending text, then the other lines. Works for any {@link FindingCode}: the
 * fix is the tail the group's messages share ("…: remove one"), so no code needs a table entry.
 */
final class FindingGroups {
  /** Places printed in full per group. */
  static final int DETAILED = 5;

  /** Further line numbers listed after the detailed places. */
  static final int LISTED = 10;

  private static final int SNIPPET = 60;
  private static final int MIN_FIX = 16;

  private FindingGroups() {}

  /** One code at one severity. */
  record Group(
      FindingCode code, Severity severity, long count, List<Finding> findings, String fix) {}

  /** The groups in the order of the (severity-sorted) findings, counts from {@code counts}. */
  static List<Group> of(List<Finding> findings, List<FindingCount> counts) {
    Map<String, List<Finding>> byKey = new LinkedHashMap<>();
    for (Finding f : findings) {
      byKey.computeIfAbsent(f.severity() + " " + f.code(), k -> new ArrayList<>()).add(f);
    }
    List<Group> groups = new ArrayList<>();
    byKey.forEach(
        (key, list) -> {
          Finding first = list.get(0);
          long count =
              counts.stream()
                  .filter(c -> c.code() == first.code() && c.severity() == first.severity())
                  .mapToLong(FindingCount::count)
                  .findFirst()
                  .orElse(list.size());
          groups.add(
              new Group(
                  first.code(),
                  first.severity(),
                  Math.max(count, list.size()),
                  list,
                  commonFix(list.stream().map(Finding::message).toList())));
        });
    return groups;
  }

  /**
   * The advice the messages share: the whole message when they are all the same, else their common
   * tail from a {@code ": "} or {@code "; "} on, or null when they share none.
   */
  static String commonFix(List<String> messages) {
    String first = messages.get(0);
    if (messages.stream().allMatch(first::equals)) {
      return messages.size() > 1 ? first : null;
    }
    int common = first.length();
    for (String m : messages) {
      int n = 0;
      while (n < common
          && n < m.length()
          && m.charAt(m.length() - 1 - n) == first.charAt(first.length() - 1 - n)) {
        n++;
      }
      common = n;
    }
    String tail = first.substring(first.length() - common);
    int cut = firstSeparator(tail);
    if (cut < 0) {
      return null;
    }
    String fix = tail.substring(cut + 2).strip();
    return fix.length() >= MIN_FIX ? fix : null;
  }

  private static int firstSeparator(String tail) {
    int colon = tail.indexOf(": ");
    int semicolon = tail.indexOf("; ");
    if (colon < 0) {
      return semicolon;
    }
    return semicolon < 0 ? colon : Math.min(colon, semicolon);
  }

  /** What is particular to one finding: its message without the group's fix. */
  static String detail(String message, String fix) {
    if (fix == null) {
      return message;
    }
    if (message.equals(fix)) {
      return "";
    }
    if (message.endsWith(fix)) {
      String rest = message.substring(0, message.length() - fix.length()).strip();
      while (rest.endsWith(":") || rest.endsWith(";")) {
        rest = rest.substring(0, rest.length() - 1).strip();
      }
      return rest;
    }
    return message;
  }

  /**
   * The text each finding points at (its JSON path, else the line), shortened; absent if unread.
   */
  static Map<Finding, String> snippets(List<Finding> shown) {
    Map<String, Set<Long>> wanted = new HashMap<>();
    for (Finding f : shown) {
      if (f.file() != null && f.line() > 0) {
        wanted.computeIfAbsent(f.file(), k -> new TreeSet<>()).add(f.line());
      }
    }
    Map<String, Map<Long, String>> lines = new HashMap<>();
    wanted.forEach((file, numbers) -> lines.put(file, read(Path.of(file), numbers)));
    Map<Finding, String> out = new HashMap<>();
    for (Finding f : shown) {
      String line = f.file() == null ? null : lines.getOrDefault(f.file(), Map.of()).get(f.line());
      if (line != null) {
        String text = at(line, f.jsonPath());
        if (text != null && !text.isBlank()) {
          out.put(f, shorten(text));
        }
      }
    }
    return out;
  }

  private static Map<Long, String> read(Path file, Set<Long> numbers) {
    Map<Long, String> found = new HashMap<>();
    if (!Files.isRegularFile(file) || numbers.isEmpty()) {
      return found;
    }
    long last = ((TreeSet<Long>) numbers).last();
    // malformed UTF-8 becomes U+FFFD: the snippet shows where, the finding says what
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
      String line;
      long n = 0;
      while ((line = in.readLine()) != null && ++n <= last) {
        if (numbers.contains(n)) {
          found.put(n, line.length() > 4_096 ? line.substring(0, 4_096) : line);
        }
      }
    } catch (IOException | RuntimeException e) {
      // a snippet is a courtesy: the finding stands without it
    }
    return found;
  }

  /** The value at {@code $.a[1].b} in the record, or the line itself when it is not there. */
  private static String at(String line, String jsonPath) {
    if (jsonPath == null || !jsonPath.startsWith("$")) {
      return line;
    }
    try {
      JsonNode node = Json.mapper().readTree(line);
      String pointer = jsonPath.substring(1).replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
      JsonNode value = node.at(pointer);
      if (value.isMissingNode()) {
        return line;
      }
      return value.isTextual() ? value.asText() : value.toString();
    } catch (IOException | RuntimeException e) {
      return line;
    }
  }

  static String shorten(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= SNIPPET ? flat : flat.substring(0, SNIPPET - 1).stripTrailing() + "…";
  }

  static String lines(List<Long> numbers) {
    StringBuilder out = new StringBuilder();
    for (Long n : numbers) {
      out.append(out.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%d", n));
    }
    return out.toString();
  }
}
