/**
 * Implementation details of the reports: escaping and number formatting ({@link
 * app.polychat.finetune.report.internal.Html}), the page skeleton ({@link
 * app.polychat.finetune.report.internal.Page}), the SVG charts ({@link
 * app.polychat.finetune.report.internal.Svg}) and atomic file writes. Not public API.
 *
 * <pre>{@code
 * String safe = Html.escape(untrustedText);
 * }</pre>
 */
package app.polychat.finetune.report.internal;
