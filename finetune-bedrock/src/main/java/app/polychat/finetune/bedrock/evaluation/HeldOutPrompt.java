package app.polychat.finetune.bedrock.evaluation;

import java.util.Objects;

/**
 * One prompt of a comparison, as a held-out record gives it.
 *
 * @param index position in the prompt source (0-based)
 * @param systemPrompt the system prompt, or empty
 * @param prompt the user prompt
 * @param reference the answer the dataset holds (the teacher's), or null for prompt-only records
 */
public record HeldOutPrompt(int index, String systemPrompt, String prompt, String reference) {
  /**
   * Checks the prompt and index; a null system prompt becomes empty.
   *
   * @param index position in the prompt source (0-based)
   * @param systemPrompt the system prompt, or empty
   * @param prompt the user prompt
   * @param reference the answer the dataset holds (the teacher's), or null for prompt-only records
   * @throws IllegalArgumentException when {@code index} is negative
   */
  public HeldOutPrompt {
    systemPrompt = Objects.requireNonNullElse(systemPrompt, "");
    Objects.requireNonNull(prompt, "prompt");
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
  }
}
