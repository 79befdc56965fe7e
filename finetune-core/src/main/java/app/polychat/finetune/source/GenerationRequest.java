package app.polychat.finetune.source;

import java.util.Objects;

/**
 * One planned teacher call.
 *
 * @param id stable id derived from what is asked (system prompt, user prompt, style, complexity and
 *     the occurrence of that same ask in the plan), so a rerun of the same plan knows what is done
 * @param index position in the plan (0-based); output files follow plan order
 * @param style the style asked for (may be null for use cases without styles)
 * @param complexity the complexity asked for (may be null)
 * @param systemPrompt the full system prompt (base + style + complexity sections)
 * @param prompt the user prompt
 * @param tempo the tempo asked for in beats per minute, from the prompt config (null when it sets
 *     none); a teacher that has no use for it ignores it
 */
public record GenerationRequest(
    String id,
    int index,
    String style,
    String complexity,
    String systemPrompt,
    String prompt,
    Integer tempo) {
  public GenerationRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    Objects.requireNonNull(prompt, "prompt");
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
    if (tempo != null && tempo < 1) {
      throw new IllegalArgumentException("tempo must be a positive BPM, was " + tempo);
    }
  }

  /** A request without a tempo. */
  public GenerationRequest(
      String id, int index, String style, String complexity, String systemPrompt, String prompt) {
    this(id, index, style, complexity, systemPrompt, prompt, null);
  }
}
