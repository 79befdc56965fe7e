/**
 * Dataset formats and streaming JSONL files: {@link app.polychat.finetune.format.DatasetFormatter}
 * implementations for Bedrock conversations, Bedrock prompt-only records, OpenAI chat and
 * prompt/completion pairs; {@link app.polychat.finetune.format.JsonlReader} reads one line at a
 * time with file and line in every error; {@link app.polychat.finetune.format.JsonlWriter} writes
 * atomically.
 *
 * <pre>{@code
 * JsonlReader.forEachExample(path, DatasetFormats.bedrockConversation(), example -> count++);
 * }</pre>
 */
package app.polychat.finetune.format;
