/**
 * The generation engine: runs a prompt plan against a teacher with bounded concurrency, journals
 * every outcome, resumes, filters with recorded reasons ({@link
 * app.polychat.finetune.filter.Filters}), and writes the dataset in plan order.
 *
 * <pre>{@code
 * GenerationResult result = GenerationEngine.builder().source(teacher).tracker(tracker).build()
 *     .run(plan, GenerationOptions.defaults(Path.of("datasets/strudel")));
 * }</pre>
 */
package app.polychat.finetune.generate;
