/**
 * Example filters: {@link app.polychat.finetune.filter.ExampleFilter} keeps, repairs or drops one
 * example with a {@link app.polychat.finetune.filter.FilterDecision}; {@link
 * app.polychat.finetune.filter.Filters} holds the standard ones (empty answer, markdown fences,
 * Nova's reserved words, length). The generation engine runs them on every teacher answer and the
 * dataset importer on every imported record, so both drop the same examples for the same recorded
 * reasons.
 *
 * <pre>{@code
 * List<ExampleFilter> filters = Filters.defaults(4096);
 * FilterDecision decision = filters.get(0).apply(example);
 * }</pre>
 */
package app.polychat.finetune.filter;
