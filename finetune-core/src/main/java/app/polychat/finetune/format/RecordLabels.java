package app.polychat.finetune.format;

import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The style and complexity of a record, when it says: {@code style}/{@code complexity} fields on
 * the line or in a {@code metadata} object, else {@code STYLE:}/{@code COMPLEXITY:} lines of its
 * system prompt (how the prompt catalog writes them). Used to stratify splits and to show
 * distributions.
 *
 * @param style the style, or null
 * @param complexity the complexity, or null
 */
public record RecordLabels(String style, String complexity) {
  private static final Pattern STYLE = Pattern.compile("(?m)^STYLE:\\s*(\\S+)");
  private static final Pattern COMPLEXITY = Pattern.compile("(?m)^COMPLEXITY:\\s*(\\S+)");

  /**
   * Reads the labels of a decoded record and its raw line.
   *
   * @param line the record's raw JSON line
   * @param example the record decoded from that line
   * @return the labels; unknown ones are null
   */
  public static RecordLabels of(String line, TrainingExample example) {
    JsonNode root = Json.parse(line);
    JsonNode meta = root.has("metadata") ? root.get("metadata") : root;
    String style = text(meta.get("style"));
    String complexity = text(meta.get("complexity"));
    String system = example.conversation().systemText();
    return new RecordLabels(
        style != null ? style : group(STYLE.matcher(system)),
        complexity != null ? complexity : group(COMPLEXITY.matcher(system)));
  }

  /**
   * {@code style|complexity}, the stratum key of a split.
   *
   * @return the style and complexity joined by {@code |}
   */
  public String stratum() {
    return style + "|" + complexity;
  }

  private static String text(JsonNode node) {
    return node == null || !node.isTextual() ? null : node.asText();
  }

  private static String group(Matcher m) {
    return m.find() ? m.group(1) : null;
  }
}
