package app.polychat.finetune.prompt;

import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.support.Hashing;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A prompt config: the base system prompt, a guide per style, a guide per complexity and user
 * prompt templates per style. It is the whole definition of a use case: a new use case is a new
 * config file, not new code.
 *
 * <p>The system prompt of a request is the base prompt, then a {@code STYLE: <style>} section with
 * the style's guide, then a {@code COMPLEXITY: <complexity>} section with its guide. {@link #plan}
 * cycles every style × complexity combination and varies the templates.
 *
 * <p>A config may also ask for a tempo (beats per minute), which a teacher that takes one (the
 * Polychat Strudel app's {@code tempo} field) receives with each request: per style in an optional
 * {@code "styleTempos": {"techno": 130}} object, or per template by writing the template as an
 * object {@code {"prompt": "...", "tempo": 140}} instead of a string. A template's tempo wins over
 * its style's; without either, no tempo is sent.
 *
 * <pre>{@code
 * PromptCatalog catalog = PromptCatalog.load(Path.of("configs/strudel-prompts.json"));
 * PromptPlan plan = catalog.plan(300, List.of("techno", "house"), List.of(), 0);
 * }</pre>
 */
public final class PromptCatalog {
  private final String source;
  private final String baseSystemPrompt;
  private final Map<String, String> styleGuides;
  private final Map<String, String> complexityGuides;
  private final Map<String, List<String>> promptTemplates;
  private final Map<String, List<Integer>> templateTempos = new LinkedHashMap<>();
  private final Map<String, Integer> styleTempos;
  private final String configHash;

  private PromptCatalog(String source, JsonNode root, String configHash) {
    this.source = source;
    this.configHash = configHash;
    this.baseSystemPrompt = requiredText(root, "baseSystemPrompt");
    this.styleGuides = textMap(root, "styleGuides", true);
    this.complexityGuides = textMap(root, "complexityGuides", false);
    this.promptTemplates = templates(root);
    this.styleTempos = styleTempos(root);
    for (String style : styleGuides.keySet()) {
      if (!promptTemplates.containsKey(style)) {
        throw error("promptTemplates has no templates for style '" + style + "'");
      }
    }
    for (String style : promptTemplates.keySet()) {
      if (!styleGuides.containsKey(style)) {
        throw error(
            "promptTemplates names style '"
                + style
                + "', which styleGuides does not define (styles: "
                + String.join(", ", styleGuides.keySet())
                + ")");
      }
    }
  }

  /**
   * Loads a config file.
   *
   * @param file the JSON config file
   * @return the parsed config
   * @throws PromptConfigException when the file is missing, not JSON, or lacks a required key
   */
  public static PromptCatalog load(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      return parse(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new PromptConfigException(
          "prompt config not found: " + file + " (pass --prompts <file>)", e);
    } catch (IOException e) {
      throw new PromptConfigException("cannot read prompt config " + file + ": " + e, e);
    }
  }

  /**
   * Loads a config from a stream (a classpath resource, say); {@code name} appears in errors.
   *
   * @param in the JSON config; not closed here
   * @param name the config's name for error messages (a file or resource name)
   * @return the parsed config
   * @throws PromptConfigException when the text is not JSON or lacks a required key
   */
  public static PromptCatalog load(InputStream in, String name) {
    try (in) {
      return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), name);
    } catch (IOException e) {
      throw new PromptConfigException("cannot read prompt config " + name + ": " + e, e);
    }
  }

  /**
   * Parses a config's JSON text; {@code name} appears in errors.
   *
   * @param json the config's JSON text
   * @param name the config's name for error messages
   * @return the parsed config
   * @throws PromptConfigException when the text is not JSON or lacks a required key
   */
  public static PromptCatalog parse(String json, String name) {
    JsonNode root;
    try {
      root = Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw notJson(name, e);
    }
    if (root == null || !root.isObject()) {
      throw new PromptConfigException("prompt config " + name + " must be a JSON object");
    }
    // the hash is of the parsed content, so formatting changes do not change it
    return new PromptCatalog(name, root, Hashing.sha256Hex(Json.write(root)));
  }

  /** "not valid JSON at line 12, column 5: Unexpected character ..." on one line. */
  private static PromptConfigException notJson(String name, IllegalArgumentException e) {
    if (e.getCause() instanceof JsonProcessingException json && json.getLocation() != null) {
      String reason = json.getOriginalMessage().lines().findFirst().orElse("").strip();
      return new PromptConfigException(
          "prompt config "
              + name
              + " is not valid JSON at line "
              + json.getLocation().getLineNr()
              + ", column "
              + json.getLocation().getColumnNr()
              + ": "
              + reason
              + "; fix the file there",
          e);
    }
    return new PromptConfigException(
        "prompt config " + name + " is not valid JSON: " + e.getMessage(), e);
  }

  /**
   * The system prompt every request starts with, before the style and complexity sections.
   *
   * @return the base system prompt
   */
  public String baseSystemPrompt() {
    return baseSystemPrompt;
  }

  /**
   * Styles in config order.
   *
   * @return the style names, in the order the config lists them
   */
  public List<String> styles() {
    return List.copyOf(styleGuides.keySet());
  }

  /**
   * Complexities in config order (may be empty: the config then has no complexity sections).
   *
   * @return the complexity names, in config order; empty when the config has none
   */
  public List<String> complexities() {
    return List.copyOf(complexityGuides.keySet());
  }

  /**
   * The user-prompt templates of a style, in config order.
   *
   * @param style one of {@link #styles()}
   * @return the style's templates
   * @throws PromptConfigException naming the valid styles when the style is unknown
   */
  public List<String> templates(String style) {
    return promptTemplates.get(requireKnown(style, styleGuides.keySet(), "style"));
  }

  /**
   * {@return the tempo (BPM) asked with a style's template: the template's own, else the style's,
   * else null}
   *
   * @param template the template's position in {@link #templates(String)}
   * @param style one of {@link #styles()}
   */
  public Integer tempo(String style, int template) {
    List<Integer> tempos = templateTempos.get(requireKnown(style, styleGuides.keySet(), "style"));
    Integer own = tempos.get(template);
    return own != null ? own : styleTempos.get(style);
  }

  /**
   * Hash of the config's content, recorded with every run for lineage.
   *
   * @return a hex hash of the config's content
   */
  public String configHash() {
    return configHash;
  }

  /**
   * {@return the system prompt for a style and complexity: the base prompt, then the {@code STYLE:}
   * and {@code COMPLEXITY:} sections}
   *
   * @param style one of {@link #styles()}
   * @param complexity one of {@link #complexities()}, or null when the config has none
   */
  public String systemPrompt(String style, String complexity) {
    StringBuilder prompt = new StringBuilder(baseSystemPrompt);
    prompt.append("\n\nSTYLE: ").append(style).append('\n').append(styleGuides.get(style));
    if (complexity != null) {
      prompt
          .append("\n\nCOMPLEXITY: ")
          .append(complexity)
          .append('\n')
          .append(complexityGuides.get(complexity));
    }
    return prompt.toString();
  }

  /**
   * Plans {@code count} requests cycling every chosen style × complexity combination (style-major,
   * in config order), with the templates of each style rotated so neighbouring combinations and
   * successive rounds ask different things.
   *
   * @param styles styles to use; empty means all
   * @param complexities complexities to use; empty means all
   * @param templateSeed rotates where each style's templates start (0 for config order)
   * @param count how many requests to plan, zero or more
   * @return the plan, with its hash
   * @throws PromptConfigException naming the valid names when a style or complexity is unknown
   */
  public PromptPlan plan(
      int count, Collection<String> styles, Collection<String> complexities, long templateSeed) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + count);
    }
    List<String> chosenStyles = choose(styles, styleGuides.keySet(), "style");
    List<String> chosenComplexities = choose(complexities, complexityGuides.keySet(), "complexity");
    List<String> complexityCycle =
        chosenComplexities.isEmpty()
            ? java.util.Collections.singletonList(null)
            : chosenComplexities;
    int combos = chosenStyles.size() * complexityCycle.size();
    List<GenerationRequest> requests = new ArrayList<>(count);
    Map<String, Integer> occurrences = new HashMap<>();
    // one string per style × complexity: a 20,000-request plan would otherwise hold 20,000 copies
    Map<String, String> systemPrompts = new HashMap<>();
    for (int i = 0; i < count; i++) {
      int combo = i % combos;
      int round = i / combos;
      String style = chosenStyles.get(combo / complexityCycle.size());
      int complexityIndex = combo % complexityCycle.size();
      String complexity = complexityCycle.get(complexityIndex);
      List<String> templates = promptTemplates.get(style);
      int start = (int) Math.floorMod(templateSeed, (long) templates.size());
      int template =
          Math.floorMod(start + round * complexityCycle.size() + complexityIndex, templates.size());
      String prompt = templates.get(template);
      Integer tempo = tempo(style, template);
      String system =
          systemPrompts.computeIfAbsent(
              style + "\u0000" + complexity, k -> systemPrompt(style, complexity));
      // the tempo joins the hash only when set, so configs without one keep their request ids
      String ask =
          Hashing.sha256Hex(
              style
                  + "\u0000"
                  + complexity
                  + "\u0000"
                  + system
                  + "\u0000"
                  + prompt
                  + (tempo == null ? "" : "\u0000tempo=" + tempo));
      int occurrence = occurrences.merge(ask, 1, Integer::sum);
      String id = ask.substring(0, 24) + "-" + occurrence;
      requests.add(new GenerationRequest(id, i, style, complexity, system, prompt, tempo));
    }
    String planHash =
        Hashing.sha256Hex(
            configHash
                + "|"
                + String.join(",", chosenStyles)
                + "|"
                + String.join(",", chosenComplexities)
                + "|"
                + templateSeed);
    return new PromptPlan(requests, planHash, configHash, chosenStyles, chosenComplexities);
  }

  private List<String> choose(Collection<String> asked, Collection<String> known, String what) {
    if (asked == null || asked.isEmpty()) {
      return List.copyOf(known);
    }
    List<String> chosen = new ArrayList<>();
    for (String name : asked) {
      String trimmed = name.trim();
      requireKnown(trimmed, known, what);
      if (!chosen.contains(trimmed)) {
        chosen.add(trimmed);
      }
    }
    return chosen;
  }

  private String requireKnown(String name, Collection<String> known, String what) {
    if (!known.contains(name)) {
      throw new PromptConfigException(
          "unknown "
              + what
              + " '"
              + name
              + "' in "
              + source
              + ": valid "
              + (what.equals("style") ? "styles" : "complexities")
              + " are "
              + String.join(", ", known));
    }
    return name;
  }

  private Map<String, Integer> styleTempos(JsonNode root) {
    JsonNode node = root.get("styleTempos");
    Map<String, Integer> map = new LinkedHashMap<>();
    if (node == null) {
      return map;
    }
    if (!node.isObject()) {
      throw error("\"styleTempos\" must be an object of style → tempo in BPM");
    }
    node.properties()
        .forEach(
            e -> {
              if (!styleGuides.containsKey(e.getKey())) {
                throw error(
                    "styleTempos names style '"
                        + e.getKey()
                        + "', which styleGuides does not define (styles: "
                        + String.join(", ", styleGuides.keySet())
                        + ")");
              }
              map.put(e.getKey(), bpm(e.getValue(), "\"styleTempos." + e.getKey() + "\""));
            });
    return map;
  }

  private Integer bpm(JsonNode value, String where) {
    if (value == null
        || !value.isIntegralNumber()
        || !value.canConvertToInt()
        || value.intValue() < 1) {
      throw error(where + " must be a whole number of beats per minute, such as 128");
    }
    return value.intValue();
  }

  private PromptConfigException error(String message) {
    return new PromptConfigException("prompt config " + source + ": " + message);
  }

  private String requiredText(JsonNode root, String key) {
    JsonNode node = root.get(key);
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw error("\"" + key + "\" must be a non-empty string");
    }
    return node.asText();
  }

  private Map<String, String> textMap(JsonNode root, String key, boolean required) {
    JsonNode node = root.get(key);
    Map<String, String> map = new LinkedHashMap<>();
    if (node == null && !required) {
      return map;
    }
    if (node == null || !node.isObject() || (required && node.size() == 0)) {
      throw error("\"" + key + "\" must be an object of name → guide text");
    }
    node.properties()
        .forEach(
            e -> {
              if (!e.getValue().isTextual()) {
                throw error("\"" + key + "." + e.getKey() + "\" must be a string");
              }
              map.put(e.getKey(), e.getValue().asText());
            });
    return map;
  }

  private Map<String, List<String>> templates(JsonNode root) {
    JsonNode node = root.get("promptTemplates");
    if (node == null || !node.isObject()) {
      throw error("\"promptTemplates\" must be an object of style → list of user prompts");
    }
    Map<String, List<String>> map = new LinkedHashMap<>();
    node.properties()
        .forEach(
            e -> {
              JsonNode list = e.getValue();
              if (!list.isArray() || list.size() == 0) {
                throw error(
                    "\"promptTemplates." + e.getKey() + "\" must be a non-empty list of strings");
              }
              List<String> templates = new ArrayList<>();
              List<Integer> tempos = new ArrayList<>();
              for (JsonNode t : list) {
                String where = "\"promptTemplates." + e.getKey() + "[" + templates.size() + "]\"";
                JsonNode text = t.isObject() ? t.path("prompt") : t;
                if (!text.isTextual() || text.asText().isBlank()) {
                  throw error(
                      where
                          + " must be a non-empty string, or an object {\"prompt\": \"...\","
                          + " \"tempo\": <bpm>}");
                }
                templates.add(text.asText());
                tempos.add(
                    t.isObject() && t.has("tempo") ? bpm(t.get("tempo"), where + ".tempo") : null);
              }
              map.put(e.getKey(), List.copyOf(templates));
              templateTempos.put(e.getKey(), java.util.Collections.unmodifiableList(tempos));
            });
    return map;
  }
}
