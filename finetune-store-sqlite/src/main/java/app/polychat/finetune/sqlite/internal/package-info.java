/**
 * Implementation details of the SQLite run tracker: opening files, the schema and its migrations,
 * row mapping and error translation. Not public API: it may change in any release.
 *
 * <pre>{@code
 * Schema.Report report = Schema.migrate(connection, path);
 * }</pre>
 */
package app.polychat.finetune.sqlite.internal;
