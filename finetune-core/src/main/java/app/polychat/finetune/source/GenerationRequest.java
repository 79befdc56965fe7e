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
  /**
   * Checks that the id and prompts are given, the index is not negative and a tempo is positive.
   *
   * @param id stable id derived from what is asked (system prompt, user prompt, style, complexity
   *     and the occurrence of that same ask in the plan), so a rerun of the same plan knows what is
   *     done
   * @param index position in the plan (0-based); output files follow plan order
   * @param style the style asked for (may be null for use cases without styles)
   * @param complexity the complexity asked for (may be null)
   * @param systemPrompt the full system prompt (base + style + complexity sections)
   * @param prompt the user prompt
   * @param tempo the tempo asked for in beats per minute, from the prompt config (null when it sets
   *     none); a teacher that has no use for it ignores it
   * @throws IllegalArgumentException when the index is negative or the tempo below 1
   */
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

  /**
   * A request without a tempo.
   *
   * @param id the request's stable id (a hash of the plan position and prompt)
   * @param index the position in the plan, from 0
   * @param style the style, or null
   * @param complexity the complexity, or null
   * @param systemPrompt the system prompt
   * @param prompt the user prompt
   */
  public GenerationRequest(
      String id, int index, String style, String complexity, String systemPrompt, String prompt) {
    this(id, index, style, complexity, systemPrompt, prompt, null);
  }
}
