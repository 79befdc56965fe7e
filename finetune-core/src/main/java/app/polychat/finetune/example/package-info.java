/**
 * The conversation records datasets are made of: {@link app.polychat.finetune.example.Conversation}
 * (system blocks and messages), {@link app.polychat.finetune.example.Message} with a role and
 * content blocks, and {@link app.polychat.finetune.example.TrainingExample}, a conversation with
 * metadata that never reaches a dataset file.
 *
 * <pre>{@code
 * TrainingExample example = TrainingExample.of(
 *     Conversation.of("You write Strudel.", "A techno beat", "s(\"bd*4\")"));
 * }</pre>
 */
package app.polychat.finetune.example;
