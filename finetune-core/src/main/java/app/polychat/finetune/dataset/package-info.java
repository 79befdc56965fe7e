/**
 * Dataset files on disk and how they are split: {@link app.polychat.finetune.dataset.LocalDataset}
 * and the seeded, stratified {@link app.polychat.finetune.dataset.DatasetSplitter}.
 *
 * <pre>{@code
 * BitSet validation = DatasetSplitter.of(0.8, 42).validationSet(strata);
 * }</pre>
 */
package app.polychat.finetune.dataset;
