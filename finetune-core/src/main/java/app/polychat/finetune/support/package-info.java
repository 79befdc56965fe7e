/**
 * The foundation every other package of the toolkit builds on, and the one core package the
 * provider modules ({@code finetune-polychat}, {@code finetune-bedrock}, {@code
 * finetune-store-sqlite}, {@code finetune-strudel}) and the command line share: the root exception
 * {@link app.polychat.finetune.support.FineTuneException}, the configured Jackson mapper {@link
 * app.polychat.finetune.support.Json}, SHA-256 helpers {@link
 * app.polychat.finetune.support.Hashing}, secret masking {@link
 * app.polychat.finetune.support.Secrets}, the rough token estimate {@link
 * app.polychat.finetune.support.Tokens} and the {@link app.polychat.finetune.support.KeyTimestamp}
 * of storage keys.
 *
 * <p>This package depends on no other package of the toolkit, so that any package may use it
 * without making an import cycle (an architecture test in {@code finetune-core} keeps core's
 * packages acyclic).
 *
 * <pre>{@code
 * try {
 *   pipeline.generate().upload().train();
 * } catch (FineTuneException e) {
 *   System.err.println(Secrets.redactText(e.getMessage()) + (e.retryable() ? " (retryable)" : ""));
 * }
 * }</pre>
 */
package app.polychat.finetune.support;
