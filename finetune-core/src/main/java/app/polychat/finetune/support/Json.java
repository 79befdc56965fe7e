package app.polychat.finetune.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one configured Jackson mapper of the toolkit. */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Json() {}

  /**
   * The shared mapper: unknown properties are ignored when reading, empty beans are written as
   * {@code {}}. Do not reconfigure it; copy it ({@link ObjectMapper#copy()}) to change settings.
   *
   * @return the toolkit's mapper
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses a JSON text.
   *
   * @param text the JSON text
   * @return its tree
   * @throws IllegalArgumentException with Jackson's short reason when the text is not JSON
   */
  public static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Writes a value as compact JSON.
   *
   * @param value a Jackson-serializable value (record, map, list, tree)
   * @return its JSON text on one line
   * @throws IllegalStateException when Jackson cannot serialize it
   */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
    }
  }

  /**
   * Writes a value as indented JSON, for files a person reads.
   *
   * @param value a Jackson-serializable value (record, map, list, tree)
   * @return its JSON text, indented
   * @throws IllegalStateException when Jackson cannot serialize it
   */
  public static String writePretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
    }
  }
}
