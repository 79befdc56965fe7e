/**
 * Prompt configs and plans: {@link app.polychat.finetune.prompt.PromptCatalog} reads a use case's
 * config and plans requests cycling every style × complexity combination, each with a stable id.
 *
 * <pre>{@code
 * PromptPlan plan = PromptCatalog.load(Path.of("configs/strudel-prompts.json"))
 *     .plan(300, List.of(), List.of(), 0);
 * }</pre>
 */
package app.polychat.finetune.prompt;
