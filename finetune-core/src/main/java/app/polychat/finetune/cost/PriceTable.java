package app.polychat.finetune.cost;

import app.polychat.finetune.support.Json;
import app.polychat.finetune.validate.ModelRules;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Prices the cost estimates use, with the date they were taken. The toolkit bundles a table with
 * the defaults of the original toolkit's cost guide; a user's file overrides any part of it (the
 * two are merged field by field), so a new price or a new model is a line in that file.
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.load(Path.of("my-prices.json"));   // bundled + overrides
 * prices.model("nova-pro").trainingPer1kTokens();                   // 0.008 unless overridden
 * }</pre>
 *
 * <p>The file format is the bundled {@code app/polychat/finetune/cost/prices.json}: {@code asOf}
 * (ISO date), {@code currency}, {@code source}, {@code models} by alias, {@code teachers} by name
 * with {@code match} fragments, {@code defaultTeacher}, {@code s3PerGbMonth}, and the optional
 * {@code batchPriceFactor} (what Bedrock batch inference costs as a fraction of on-demand; 0.5 when
 * absent).
 */
public final class PriceTable {
  /** Batch inference's price as a share of on-demand when a table does not say: half. */
  public static final BigDecimal DEFAULT_BATCH_PRICE_FACTOR = new BigDecimal("0.5");

  /** Where the bundled table lives on the class path. */
  public static final String RESOURCE = "/app/polychat/finetune/cost/prices.json";

  /** Reads prices as exact decimals, so $0.008 stays 0.008. */
  private static final ObjectReader READER =
      Json.mapper().reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final LocalDate asOf;
  private final String currency;
  private final String source;
  private final Map<String, ModelPrices> models;
  private final List<TeacherPrices> teachers;
  private final String defaultTeacher;
  private final BigDecimal s3PerGbMonth;
  private final BigDecimal batchPriceFactor;

  private PriceTable(JsonNode root, String origin) {
    this.asOf = date(root, origin);
    this.currency = text(root, "currency", "USD");
    if (!"USD".equals(currency)) {
      throw new PriceTableException(origin + ": currency must be USD, was " + currency);
    }
    this.source = text(root, "source", origin);
    this.models = Collections.unmodifiableMap(models(root, origin));
    this.teachers = List.copyOf(teachers(root, origin));
    this.defaultTeacher = text(root, "defaultTeacher", null);
    if (defaultTeacher != null
        && teachers.stream().noneMatch(t -> t.name().equals(defaultTeacher))) {
      throw new PriceTableException(
          origin + ": defaultTeacher '" + defaultTeacher + "' is not one of the teachers");
    }
    this.s3PerGbMonth = price(root, "s3PerGbMonth", origin);
    this.batchPriceFactor =
        root.has("batchPriceFactor")
            ? price(root, "batchPriceFactor", origin)
            : DEFAULT_BATCH_PRICE_FACTOR;
    if (batchPriceFactor.compareTo(BigDecimal.ONE) > 0) {
      throw new PriceTableException(
          origin
              + ": batchPriceFactor is the share of the on-demand price batch inference costs,"
              + " from 0 to 1 (0.5 = half price), was "
              + batchPriceFactor);
    }
  }

  /** {@return the bundled table} */
  public static PriceTable load() {
    return new PriceTable(bundled(), "bundled price table");
  }

  /**
   * {@return the bundled table with the user's file merged over it: every field the file gives
   * replaces the bundled one; the rest stay}
   *
   * @param override the user's price file (JSON)
   * @throws PriceTableException when the file is missing, not JSON, or gives a bad value (the
   *     message names the file and the field)
   */
  public static PriceTable load(Path override) {
    Objects.requireNonNull(override, "override");
    JsonNode user;
    try {
      user = READER.readTree(Files.readString(override, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new PriceTableException("price file " + override + " does not exist", e);
    } catch (JsonProcessingException e) {
      throw new PriceTableException(
          "price file " + override + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new PriceTableException(
          "cannot read price file " + override + ": " + e.getMessage(), e);
    }
    if (user == null || !user.isObject()) {
      throw new PriceTableException("price file " + override + " must hold a JSON object");
    }
    ObjectNode merged = bundled().deepCopy();
    pinSources(merged); // bundled prices keep their own source and date after the merge
    merge(merged, (ObjectNode) user);
    markUserSources(merged, (ObjectNode) user, override);
    if (!user.has("asOf")) {
      merged.put(
          "source",
          merged.path("source").asText() + "; with overrides from " + override + " (no asOf date)");
    } else if (!user.has("source")) {
      merged.put("source", "overrides from " + override + " over the bundled table");
    }
    return new PriceTable(merged, override.toString());
  }

  /**
   * {@return a complete table from JSON text, without the bundled defaults}
   *
   * @param json a whole price table as JSON
   * @throws PriceTableException naming the missing or bad field
   */
  public static PriceTable parse(String json) {
    try {
      return new PriceTable(READER.readTree(json), "price table");
    } catch (JsonProcessingException e) {
      throw new PriceTableException("price table is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static ObjectNode bundled() {
    try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the bundled price table " + RESOURCE + " is missing");
      }
      return (ObjectNode) READER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled price table", e);
    }
  }

  /** Writes the table's source and date into every model and teacher that has none of its own. */
  private static void pinSources(ObjectNode table) {
    String source = table.path("source").asText("bundled price table");
    String asOf = table.path("asOf").asText(null);
    for (String group : List.of("models", "teachers")) {
      JsonNode entries = table.get(group);
      if (entries == null || !entries.isObject()) {
        continue;
      }
      for (Map.Entry<String, JsonNode> e : entries.properties()) {
        if (!(e.getValue() instanceof ObjectNode entry)) {
          continue;
        }
        ObjectNode sources =
            entry.has("sources") && entry.get("sources").isObject()
                ? (ObjectNode) entry.get("sources")
                : entry.putObject("sources");
        for (Map.Entry<String, JsonNode> field : entry.properties()) {
          if (field.getValue().isNumber() && !sources.has(field.getKey())) {
            ObjectNode s = sources.putObject(field.getKey());
            s.put("source", source);
            s.put("asOf", asOf);
          }
        }
      }
    }
  }

  /** Every price the user's file gives is attributed to that file and its date. */
  private static void markUserSources(ObjectNode merged, ObjectNode user, Path override) {
    String source =
        user.hasNonNull("source") ? user.get("source").asText() : "your price file " + override;
    String asOf = user.hasNonNull("asOf") ? user.get("asOf").asText() : null;
    for (String group : List.of("models", "teachers")) {
      JsonNode entries = user.get(group);
      if (entries == null || !entries.isObject()) {
        continue;
      }
      for (Map.Entry<String, JsonNode> e : entries.properties()) {
        JsonNode target = merged.path(group).get(e.getKey());
        if (!(target instanceof ObjectNode entry) || !e.getValue().isObject()) {
          continue;
        }
        ObjectNode sources =
            entry.has("sources") && entry.get("sources").isObject()
                ? (ObjectNode) entry.get("sources")
                : entry.putObject("sources");
        for (Map.Entry<String, JsonNode> field : e.getValue().properties()) {
          if (field.getValue().isNumber()) {
            ObjectNode s = sources.putObject(field.getKey());
            s.put("source", source);
            if (asOf == null) {
              s.putNull("asOf");
            } else {
              s.put("asOf", asOf);
            }
          }
        }
      }
    }
  }

  private static void merge(ObjectNode target, ObjectNode update) {
    for (Map.Entry<String, JsonNode> field : update.properties()) {
      JsonNode existing = target.get(field.getKey());
      if (existing instanceof ObjectNode existingObject
          && field.getValue() instanceof ObjectNode u) {
        merge(existingObject, u);
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }

  /** {@return the date the prices were taken} */
  public LocalDate asOf() {
    return asOf;
  }

  /** {@return the currency of every price: always {@code USD}} */
  public String currency() {
    return currency;
  }

  /** {@return where the prices come from} */
  public String source() {
    return source;
  }

  /**
   * Prices per model alias.
   *
   * @return the prices of each Nova model, by alias ({@code nova-lite})
   */
  public Map<String, ModelPrices> models() {
    return models;
  }

  /**
   * Teacher prices, in the order they are matched.
   *
   * @return the teachers' prices; the first whose match fragment a model name contains applies
   */
  public List<TeacherPrices> teachers() {
    return teachers;
  }

  /**
   * S3 Standard storage per GB-month.
   *
   * @return US dollars per GB-month of S3 Standard storage
   */
  public BigDecimal s3PerGbMonth() {
    return s3PerGbMonth;
  }

  /**
   * {@return what Bedrock batch inference costs as a share of the on-demand price (0.5 = half
   * price)} AWS lists batch inference at 50% of on-demand for the models that support it; a model's
   * own batch price may differ, so estimates that use this factor say so.
   */
  public BigDecimal batchPriceFactor() {
    return batchPriceFactor;
  }

  /**
   * {@return the prices of a Nova model, by id or alias}
   *
   * @param modelIdOrAlias a model id ({@code amazon.nova-lite-v1:0}) or alias ({@code nova-lite})
   * @throws PriceTableException when the table has none (the message says how to add them)
   */
  public ModelPrices model(String modelIdOrAlias) {
    String alias = ModelRules.find(modelIdOrAlias).map(ModelRules::alias).orElse(modelIdOrAlias);
    ModelPrices prices = models.get(alias);
    if (prices == null) {
      throw new PriceTableException(
          "the price table of "
              + asOf
              + " has no prices for '"
              + modelIdOrAlias
              + "': add \"models\": {\""
              + alias
              + "\": {...}} to your price file");
    }
    return prices;
  }

  /**
   * {@return the prices of a teacher model: the first entry whose {@code match} fragment its name
   * contains, else the default teacher with a note saying the prices were assumed}
   *
   * @param modelName the teacher model's name as the source reports it
   * @throws PriceTableException when nothing matches and there is no default
   */
  public TeacherPrices teacher(String modelName) {
    Objects.requireNonNull(modelName, "modelName");
    for (TeacherPrices t : teachers) {
      if (t.matches(modelName)) {
        return t;
      }
    }
    if (defaultTeacher == null) {
      throw new PriceTableException(
          "the price table of "
              + asOf
              + " has no prices for teacher '"
              + modelName
              + "': add it under \"teachers\" in your price file");
    }
    TeacherPrices fallback =
        teachers.stream().filter(t -> t.name().equals(defaultTeacher)).findFirst().orElseThrow();
    return fallback.withNote(
        "no prices for '"
            + modelName
            + "': "
            + defaultTeacher
            + " prices assumed; add it under \"teachers\" in your price file");
  }

  @Override
  public String toString() {
    return "PriceTable{asOf=" + asOf + ", models=" + models.keySet() + ", source=" + source + "}";
  }

  // ---------------------------------------------------------------------------------------------

  private static LocalDate date(JsonNode root, String origin) {
    JsonNode node = root.get("asOf");
    if (node == null || !node.isTextual()) {
      throw new PriceTableException(
          origin + ": \"asOf\" (the date of the prices, e.g. \"2025-11-09\") is required");
    }
    try {
      return LocalDate.parse(node.textValue());
    } catch (DateTimeParseException e) {
      throw new PriceTableException(
          origin + ": \"asOf\" must be a date like 2025-11-09, was '" + node.textValue() + "'", e);
    }
  }

  private static String text(JsonNode root, String field, String fallback) {
    JsonNode node = root.get(field);
    return node == null || node.isNull() ? fallback : node.asText();
  }

  private Map<String, ModelPrices> models(JsonNode root, String origin) {
    JsonNode node = root.get("models");
    if (node == null || !node.isObject()) {
      throw new PriceTableException(origin + ": \"models\" must be an object of prices per model");
    }
    Map<String, ModelPrices> out = new LinkedHashMap<>();
    node.properties()
        .forEach(
            e -> {
              String where = origin + ": models." + e.getKey();
              JsonNode m = e.getValue();
              BigDecimal training = price(m, ModelPrices.TRAINING, where);
              BigDecimal input = price(m, ModelPrices.INPUT, where);
              BigDecimal output = price(m, ModelPrices.OUTPUT, where);
              BigDecimal hourly = optionalPrice(m, ModelPrices.PROVISIONED_HOURLY, where);
              BigDecimal monthly =
                  optionalPrice(m, ModelPrices.PROVISIONED_MONTHLY_COMMITTED, where);
              BigDecimal storage = optionalPrice(m, ModelPrices.STORAGE, where);
              Map<String, PriceSource> sources = new LinkedHashMap<>();
              for (String field :
                  List.of(
                      ModelPrices.TRAINING,
                      ModelPrices.INPUT,
                      ModelPrices.OUTPUT,
                      ModelPrices.PROVISIONED_HOURLY,
                      ModelPrices.PROVISIONED_MONTHLY_COMMITTED,
                      ModelPrices.STORAGE)) {
                if (m.hasNonNull(field)) {
                  sources.put(field, source(m, field, where));
                }
              }
              out.put(
                  e.getKey(),
                  new ModelPrices(
                      e.getKey(),
                      training,
                      input,
                      output,
                      hourly,
                      monthly,
                      storage,
                      text(m, "note", null),
                      sources));
            });
    return out;
  }

  private List<TeacherPrices> teachers(JsonNode root, String origin) {
    List<TeacherPrices> out = new ArrayList<>();
    JsonNode node = root.get("teachers");
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw new PriceTableException(
          origin + ": \"teachers\" must be an object of prices per teacher");
    }
    node.properties()
        .forEach(
            e -> {
              String where = origin + ": teachers." + e.getKey();
              JsonNode t = e.getValue();
              List<String> match = new ArrayList<>();
              JsonNode m = t.get("match");
              if (m != null && m.isArray()) {
                m.forEach(
                    fragment -> match.add(fragment.asText().toLowerCase(java.util.Locale.ROOT)));
              } else {
                match.add(e.getKey().toLowerCase(java.util.Locale.ROOT));
              }
              out.add(
                  new TeacherPrices(
                      e.getKey(),
                      match,
                      price(t, "inputPer1kTokens", where),
                      price(t, "outputPer1kTokens", where),
                      text(t, "note", null),
                      source(t, "inputPer1kTokens", where)));
            });
    return out;
  }

  /** The price's own source when the entry names one, else the table's. */
  private PriceSource source(JsonNode entry, String field, String where) {
    JsonNode s = entry.path("sources").get(field);
    if (s == null || !s.isObject()) {
      return new PriceSource(source, asOf);
    }
    JsonNode date = s.get("asOf");
    LocalDate when = null;
    if (date != null && date.isTextual()) {
      try {
        when = LocalDate.parse(date.textValue());
      } catch (DateTimeParseException e) {
        throw new PriceTableException(
            where + ".sources." + field + ".asOf must be a date like 2025-11-09", e);
      }
    }
    return new PriceSource(s.path("source").asText(source), when);
  }

  private static BigDecimal optionalPrice(JsonNode parent, String field, String where) {
    JsonNode node = parent == null ? null : parent.get(field);
    return node == null || node.isNull() ? null : price(parent, field, where);
  }

  /** {@return where the table-wide prices (S3 storage, batch factor) come from} */
  public PriceSource tableSource() {
    return new PriceSource(source, asOf);
  }

  private static BigDecimal price(JsonNode parent, String field, String where) {
    JsonNode node = parent == null ? null : parent.get(field);
    if (node == null || !node.isNumber()) {
      throw new PriceTableException(where + "." + field + " must be a number (US dollars)");
    }
    BigDecimal value = node.decimalValue();
    if (value.signum() < 0) {
      throw new PriceTableException(where + "." + field + " must not be negative, was " + value);
    }
    return value;
  }
}
