/**
 * Implementation of the Polychat source: the two endpoint protocols, the HTTP exchange, the one
 * mapper from HTTP outcomes to {@code SourceException}s and the {@code Retry-After} reader. Not
 * public API: it may change in any release.
 *
 * <pre>{@code
 * // used only by PolychatExampleSource:
 * SourceException failure = failures.status(429, body, retryAfter, attempt, maxAttempts);
 * }</pre>
 */
package app.polychat.finetune.polychat.internal;
