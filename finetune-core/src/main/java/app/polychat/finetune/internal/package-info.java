/**
 * Implementation details shared by the toolkit's modules (JSON, hashing, secrets, token estimates).
 * Not public API: anything here may change without notice.
 *
 * <pre>{@code
 * String masked = Secrets.redactText(message);
 * }</pre>
 */
package app.polychat.finetune.internal;
