/**
 * Pictures and lineage: {@link app.polychat.finetune.report.DatasetReport} and {@link
 * app.polychat.finetune.report.JobReport} draw a dataset (splits, token length histogram, style ×
 * complexity heat map, drops and failures by reason, duplicates, validation findings) and a
 * training job (loss curves per step and per epoch, status timeline with sub-stages,
 * hyperparameters, cost against the dataset, comparison results) as one self-contained HTML file
 * each: inline CSS and SVG, no script, nothing fetched, every text escaped. {@link
 * app.polychat.finetune.report.RunManifest} is the JSON record of what produced a model, from the
 * prompt config to the custom model's ARN. All are built from summaries (statistics, journal
 * counts, metric lists), never from the records themselves.
 *
 * <pre>{@code
 * DatasetReport.of(validation, dataset, tracker).writeHtml(dir.resolve("dataset-report.html"));
 * JobReport.fromTracker(tracker, jobArn).metrics(backend.metrics(jobArn)).build()
 *     .writeHtml(dir.resolve("job-report.html"));
 * RunManifest.fromTracker(tracker, jobArn).ifPresent(m -> m.writeTo(dir));
 * }</pre>
 */
package app.polychat.finetune.report;
