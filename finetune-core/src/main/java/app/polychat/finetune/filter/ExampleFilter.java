package app.polychat.finetune.filter;

import app.polychat.finetune.example.TrainingExample;

/**
 * Checks one generated example before it is accepted. Filters run in order on every answer as it
 * arrives; the first drop wins and its reason is journaled. Implementations must be thread-safe.
 *
 * <pre>{@code
 * ExampleFilter noPlaceholders = example ->
 *     example.conversation().lastAssistantText().orElse("").contains("lorem ipsum")
 *         ? FilterDecision.drop("placeholder text")
 *         : FilterDecision.keep(example);
 * }</pre>
 */
@FunctionalInterface
public interface ExampleFilter {
  /**
   * Keeps, repairs or drops one example.
   *
   * @param example the example as the teacher answered it
   * @return the decision, with the (possibly repaired) example or the drop reason
   */
  FilterDecision apply(TrainingExample example);
}
