/**
 * The toolkit's memory: generation runs and their journal, datasets, customization jobs with their
 * status history, and the lineage that links a model back to the prompts that made it. {@link
 * app.polychat.finetune.track.RunTracker} is the interface; {@link
 * app.polychat.finetune.track.InMemoryRunTracker} needs no setup and {@code SqliteRunTracker}
 * (module {@code finetune-store-sqlite}) keeps the same records in a file; both treat values the
 * same way through {@link app.polychat.finetune.track.TrackedValues}. A rerun of the same plan
 * finds its run with {@code latestRun(planHash)} and asks only for what the journal does not yet
 * hold as done.
 *
 * <pre>{@code
 * try (RunTracker tracker = new InMemoryRunTracker()) {
 *   RunRecord run = tracker.latestRun(planHash).orElseGet(() -> tracker.startRun(spec));
 *   Map<String, JournalStatus> seen = tracker.journalStatuses(run.runId());
 *   tracker.journal(run.runId(), entry);
 *   tracker.lineage("strudel-nova-lite-v4").ifPresent(l -> System.out.println(l.run()));
 * }
 * }</pre>
 */
package app.polychat.finetune.track;
