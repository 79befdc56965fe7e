/**
 * Implementation of the Polychat source: the two endpoint protocols, the HTTP exchange, the one
 * mapper from HTTP outcomes to {@code SourceException}s, and the composition of the Resilience4j
 * layers. Not public API: it may change in any release.
 *
 * <pre>{@code
 * // used only by PolychatExampleSource:
 * ResilientCaller caller = new ResilientCaller(settings, listeners, "https://api.example");
 * }</pre>
 */
package app.polychat.finetune.polychat.internal;
