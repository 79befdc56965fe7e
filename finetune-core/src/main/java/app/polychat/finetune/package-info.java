/**
 * The fluent SDK: {@link app.polychat.finetune.FineTunePipeline} composes a teacher, filters, a
 * split, a dataset store, a customization backend and a run tracker into typed stages, generate →
 * upload → train, each of which can also start from files or URIs that already exist. Every
 * exception is a {@link app.polychat.finetune.FineTuneException}.
 *
 * <pre>{@code
 * TrainingJob job = FineTunePipeline.builder().prompts(catalog).source(teacher).build()
 *     .generate(g -> g.count(300)).upload().train(t -> t.epochs(2));
 * }</pre>
 */
package app.polychat.finetune;
