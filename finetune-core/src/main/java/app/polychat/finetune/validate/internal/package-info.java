/**
 * Building blocks of the streaming validator, not public API: a byte line reader that never holds
 * more than one line, a UTF-8 checker, primitive hash tables and histograms that keep memory flat
 * whatever the file size, and the reserved-keyword matcher.
 *
 * <pre>{@code
 * LongIntHashMap seen = new LongIntHashMap(1024, 1 << 19);
 * int firstLine = seen.putIfAbsent(recordHash, lineNumber);
 * }</pre>
 */
package app.polychat.finetune.validate.internal;
