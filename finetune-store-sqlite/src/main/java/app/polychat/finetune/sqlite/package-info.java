/**
 * The SQLite run tracker: the toolkit's history (generation runs and their journal, datasets, jobs
 * and their status history, and the lineage between them) in one local file, {@code
 * ./datasets/.finetune.db} by default. {@link app.polychat.finetune.sqlite.SqliteRunTracker} is the
 * {@link app.polychat.finetune.track.RunTracker}; it creates and upgrades the file on first use,
 * and two processes may use it at once. {@link app.polychat.finetune.sqlite.SqliteDatabase} holds
 * what {@code finetune db init} does.
 *
 * <pre>{@code
 * try (RunTracker tracker = SqliteRunTracker.builder()
 *     .path(Path.of("datasets/.finetune.db"))
 *     .busyTimeout(Duration.ofSeconds(30))
 *     .build()) {
 *   tracker.lineage("strudel-nova-lite-v4").ifPresent(lineage -> System.out.println(lineage.run()));
 * }
 * }</pre>
 */
package app.polychat.finetune.sqlite;
