/**
 * Implementation details of the reports: escaping and number formatting ({@link
 * app.polychat.finetune.report.internal.Html}), the page skeleton ({@link
 * app.polychat.finetune.report.internal.Page}) and the SVG charts ({@link
 * app.polychat.finetune.report.internal.Svg}). Not public API: used by {@code report} only. Nothing
 * here uses {@code report}, so the two packages form no cycle.
 *
 * <pre>{@code
 * String safe = Html.escape(untrustedText);
 * }</pre>
 */
package app.polychat.finetune.report.internal;
