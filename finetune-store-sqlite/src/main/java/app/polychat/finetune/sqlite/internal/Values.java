package app.polychat.finetune.sqlite.internal;

import app.polychat.finetune.job.StageStatus;
import app.polychat.finetune.support.Json;
import app.polychat.finetune.track.RunSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How values are kept in columns: times as fixed-width UTC text (readable in the {@code sqlite3}
 * shell and sortable as text), maps and stage lists as JSON, durations as milliseconds.
 */
public final class Values {
  private static final DateTimeFormatter TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
          .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)
          .appendLiteral('Z')
          .toFormatter()
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SQLITE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");

  private Values() {}

  public static String time(Instant instant) {
    return instant == null ? null : TIME.format(instant);
  }

  /**
   * Reads a time column. Besides this code's own format it accepts what other writers leave: ISO
   * text with any precision, SQLite's {@code CURRENT_TIMESTAMP} text, and epoch milliseconds.
   */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Object value = rs.getObject(column);
    if (value == null) {
      return null;
    }
    if (value instanceof Number number) {
      return Instant.ofEpochMilli(number.longValue());
    }
    String text = value.toString().trim();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notIso) {
      try {
        return LocalDateTime.parse(text, SQLITE_TIME).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notSqlite) {
        return null;
      }
    }
  }

  public static void setTime(PreparedStatement ps, int index, Instant instant) throws SQLException {
    ps.setString(index, time(instant));
  }

  public static void setInteger(PreparedStatement ps, int index, Integer value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setInt(index, value);
    }
  }

  public static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.REAL);
    } else {
      ps.setDouble(index, value);
    }
  }

  public static Integer integer(ResultSet rs, String column) throws SQLException {
    Object value = rs.getObject(column);
    return value == null ? null : ((Number) value).intValue();
  }

  public static Double real(ResultSet rs, String column) throws SQLException {
    Object value = rs.getObject(column);
    return value == null ? null : ((Number) value).doubleValue();
  }

  /** Milliseconds with the nanoseconds as the fraction, so a duration comes back exactly. */
  public static void setMillis(PreparedStatement ps, int index, Duration duration)
      throws SQLException {
    if (duration == null) {
      ps.setNull(index, Types.REAL);
    } else {
      ps.setDouble(index, duration.toNanos() / 1_000_000.0);
    }
  }

  public static Duration millis(ResultSet rs, String column) throws SQLException {
    Double ms = real(rs, column);
    return ms == null ? null : Duration.ofNanos(Math.round(ms * 1_000_000.0));
  }

  /** A string map as a JSON object, keys sorted so equal maps are equal text. */
  public static String json(Map<String, String> map) {
    return Json.write(new TreeMap<>(map));
  }

  /** A JSON object as a string map; nested values (an older writer's) are kept as JSON text. */
  public static Map<String, String> map(String json) {
    Map<String, String> map = new LinkedHashMap<>();
    if (json == null || json.isBlank()) {
      return map;
    }
    JsonNode node = Json.parse(json);
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      JsonNode value = field.getValue();
      if (!value.isNull()) {
        map.put(field.getKey(), value.isValueNode() ? value.asText() : value.toString());
      }
    }
    return map;
  }

  /**
   * A run's settings as a JSON object with typed values ({@code "styles": ["techno", "house"],
   * "trainRatio": 0.8}); unknown settings are left out. Keys sorted, so equal settings are equal
   * text.
   */
  public static String settingsJson(RunSettings settings) {
    ObjectNode node = Json.mapper().createObjectNode();
    if (!settings.complexities().isEmpty()) {
      settings.complexities().forEach(node.putArray("complexities")::add);
    }
    if (settings.formatId() != null) {
      node.put("formatId", settings.formatId());
    }
    if (settings.seed() != null) {
      node.put("seed", settings.seed());
    }
    if (!settings.styles().isEmpty()) {
      settings.styles().forEach(node.putArray("styles")::add);
    }
    if (settings.trainRatio() != null) {
      node.put("trainRatio", settings.trainRatio());
    }
    return Json.write(node);
  }

  /**
   * A run's settings from the {@code options} column: the typed object {@link #settingsJson}
   * writes, or the string map earlier versions wrote ({@code "styles": "techno,house", "seed":
   * "42"}, with {@code count} and {@code source} repeating columns of their own, so not read).
   *
   * @throws IllegalArgumentException when a value is not what its key needs (a seed that is no
   *     number)
   */
  public static RunSettings settings(String json) {
    if (json == null || json.isBlank()) {
      return RunSettings.unknown();
    }
    JsonNode node = Json.parse(json);
    return new RunSettings(
        names(node.path("styles")),
        names(node.path("complexities")),
        node.hasNonNull("trainRatio") ? number(node.get("trainRatio"), "trainRatio") : null,
        node.hasNonNull("seed") ? whole(node.get("seed"), "seed") : null,
        node.hasNonNull("formatId") ? node.get("formatId").asText() : null);
  }

  /** A list as an array, or as the comma-separated text earlier versions wrote. */
  private static List<String> names(JsonNode value) {
    List<String> names = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(v -> names.add(v.asText()));
    } else if (value.isTextual()) {
      for (String name : value.asText().split(",")) {
        if (!name.isBlank()) {
          names.add(name.strip());
        }
      }
    }
    return names;
  }

  private static long whole(JsonNode value, String key) {
    if (value.isIntegralNumber()) {
      return value.asLong();
    }
    try {
      return Long.parseLong(value.asText().strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "run setting " + key + " is not a whole number: '" + value.asText() + "'", e);
    }
  }

  private static double number(JsonNode value, String key) {
    if (value.isNumber()) {
      return value.asDouble();
    }
    try {
      return Double.parseDouble(value.asText().strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "run setting " + key + " is not a number: '" + value.asText() + "'", e);
    }
  }

  public static String stagesJson(List<StageStatus> stages) {
    ArrayNode array = Json.mapper().createArrayNode();
    for (StageStatus stage : stages) {
      ObjectNode node = array.addObject();
      node.put("stage", stage.stage());
      node.put("status", stage.status());
      node.put("startedAt", stage.startedAt() == null ? null : stage.startedAt().toString());
      node.put("updatedAt", stage.updatedAt() == null ? null : stage.updatedAt().toString());
    }
    return Json.write(array);
  }

  public static List<StageStatus> stages(String json) {
    List<StageStatus> stages = new ArrayList<>();
    for (JsonNode node : Json.parse(json)) {
      stages.add(
          new StageStatus(
              node.path("stage").asText(),
              node.path("status").asText(),
              optionalInstant(node.get("startedAt")),
              optionalInstant(node.get("updatedAt"))));
    }
    return stages;
  }

  private static Instant optionalInstant(JsonNode node) {
    return node == null || node.isNull() ? null : Instant.parse(node.asText());
  }
}
