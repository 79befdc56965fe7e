package app.polychat.finetune.polychat.internal;

import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code POST /apps/{app}/generate}, as Polychat's Strudel app defines it (see {@code
 * POLYCHAT-API.md}): the app holds its own system prompt; the body names the prompt, the style and
 * complexity (only from the values the API accepts), the tempo when the prompt config sets one, the
 * teacher model, and options turning the answer cache off so every request yields a fresh answer.
 *
 * <p>Today's API answers {@code {"code", "explanation"?, "generationId"}} at the top level; older
 * deployments wrapped it as {@code {"data": {...}}}. Both are read, as Polychat's own client does
 * ({@code "data" in body ? body.data : body}); the {@code generationId} is kept with the example so
 * lineage can name the Polychat generation it came from. Not public API.
 */
public final class AppGenerateProtocol implements TeacherProtocol {
  /** The styles {@code strudelGenerateSchema} accepts. */
  public static final List<String> STYLES =
      List.of("techno", "ambient", "house", "jazz", "drums", "experimental");

  /** The complexities {@code strudelGenerateSchema} accepts. */
  public static final List<String> COMPLEXITIES = List.of("simple", "medium", "complex");

  /** The tempo range (BPM) {@code strudelGenerateSchema} accepts. */
  public static final int MIN_TEMPO = 60;

  public static final int MAX_TEMPO = 200;

  /** The metadata key under which the generation's id is kept. */
  public static final String GENERATION_ID = "generationId";

  private static final Set<String> STYLE_SET = Set.copyOf(STYLES);
  private static final Set<String> COMPLEXITY_SET = Set.copyOf(COMPLEXITIES);

  private final String app;
  private final String model;

  public AppGenerateProtocol(String app, String model) {
    this.app = Objects.requireNonNull(app, "app");
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public String path() {
    return "/apps/" + app + "/generate";
  }

  @Override
  public String name() {
    return "app-generate";
  }

  /**
   * Refuses, before anything is sent, what the API's request schema would answer with a 400: an
   * empty prompt, a style or complexity outside its lists, a tempo outside 60–200.
   *
   * @return null when the request is fine, else the reason and the fix in one sentence
   */
  @Override
  public String problem(GenerationRequest request) {
    if (request.prompt().isEmpty()) {
      return "request " + request.id() + " has an empty prompt; the API needs at least 1 character";
    }
    if (request.style() != null && !STYLE_SET.contains(request.style())) {
      return "style '"
          + request.style()
          + "' is not one the Polychat "
          + app
          + " app accepts ("
          + String.join(", ", STYLES)
          + "); pick styles from that list (--styles), or for other use cases call"
          + " /chat/completions instead (--mode chat-completions; PolychatMode.CHAT_COMPLETIONS in the SDK)";
    }
    if (request.complexity() != null && !COMPLEXITY_SET.contains(request.complexity())) {
      return "complexity '"
          + request.complexity()
          + "' is not one the Polychat "
          + app
          + " app accepts ("
          + String.join(", ", COMPLEXITIES)
          + "); rename it in the prompt config's complexityGuides, or for other use cases call"
          + " /chat/completions instead (--mode chat-completions; PolychatMode.CHAT_COMPLETIONS in the SDK)";
    }
    Integer tempo = request.tempo();
    if (tempo != null && (tempo < MIN_TEMPO || tempo > MAX_TEMPO)) {
      return "tempo "
          + tempo
          + " (style '"
          + request.style()
          + "', prompt \""
          + abbreviate(request.prompt())
          + "\") is outside the "
          + MIN_TEMPO
          + "–"
          + MAX_TEMPO
          + " BPM the API accepts; change it in the prompt config";
    }
    return null;
  }

  @Override
  public String body(GenerationRequest request) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("prompt", request.prompt());
    if (request.style() != null) {
      body.put("style", request.style());
    }
    if (request.tempo() != null) {
      body.put("tempo", request.tempo());
    }
    if (request.complexity() != null) {
      body.put("complexity", request.complexity());
    }
    body.put("model", model);
    body.putObject("options").put("cache_ttl_seconds", 0);
    return Json.write(body);
  }

  @Override
  public TeacherAnswer parse(String body) {
    JsonNode root = TeacherProtocol.parseObject(body);
    // Polychat's own client: "data" in body ? body.data : body
    boolean wrapped = root.has("data");
    JsonNode answer = wrapped ? root.get("data") : root;
    String prefix = wrapped ? "data." : "";
    if (wrapped && !answer.isObject()) {
      throw new AnswerFormatException("the answer's \"data\" is not an object");
    }
    JsonNode code = answer.path("code");
    if (!code.isTextual()) {
      if (code.isMissingNode() || code.isNull()) {
        throw new AnswerFormatException(
            wrapped
                ? "the answer has no data.code field"
                : "the answer has no \"code\" field at the top level and no \"data\" object"
                    + " holding one (fields: "
                    + fieldNames(root)
                    + ")");
      }
      throw new AnswerFormatException(prefix + "code is not a string");
    }
    if (code.textValue().isBlank()) {
      throw new AnswerFormatException(prefix + "code is empty");
    }
    Map<String, String> extra = new LinkedHashMap<>();
    JsonNode id = answer.path(GENERATION_ID);
    if (id.isTextual() && !id.textValue().isBlank()) {
      extra.put(GENERATION_ID, id.textValue());
    } else if (id.isIntegralNumber()) {
      extra.put(GENERATION_ID, id.asText());
    }
    Integer[] usage = TeacherProtocol.usage(root);
    return new TeacherAnswer(code.textValue(), usage[0], usage[1], extra);
  }

  private static String fieldNames(JsonNode root) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = root.fieldNames(); it.hasNext() && names.size() < 8; ) {
      names.add(it.next());
    }
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  private static String abbreviate(String text) {
    String flat = text.strip().replaceAll("\\s+", " ");
    return flat.length() <= 40 ? flat : flat.substring(0, 40) + "…";
  }
}
