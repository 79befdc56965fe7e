/**
 * The fluent SDK: {@link app.polychat.finetune.FineTunePipeline} composes a teacher, filters, a
 * split, a dataset store, a customization backend and a run tracker into typed stages, generate →
 * upload → train, each of which can also start from files or URIs that already exist; {@link
 * app.polychat.finetune.JobWatcher} polls a job to its end. Every exception is a {@link
 * app.polychat.finetune.support.FineTuneException}.
 *
 * <p>This is the top of core's package layering: it uses every other package and no other package
 * uses it. From the bottom up: {@code support}; {@code example}, {@code job}; {@code format};
 * {@code source}, {@code validate}; {@code check}, {@code filter}, {@code prompt}, {@code track},
 * {@code cost}, {@code grader}; {@code dataset}; {@code store}; {@code generate}; {@code report};
 * then this package.
 *
 * <pre>{@code
 * TrainingJob job = FineTunePipeline.builder().prompts(catalog).source(teacher).build()
 *     .generate(g -> g.count(300)).upload().train(t -> t.epochs(2));
 * }</pre>
 */
package app.polychat.finetune;
