package app.polychat.finetune.support;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The UTC timestamp that names folders in storage keys and job output URIs, as the original toolkit
 * writes it: {@code 2025-11-09T12-00-00}. It holds letters, digits and {@code -} only, characters
 * Bedrock accepts in an S3 URI. Used by the dataset stores for a fresh upload folder and by the job
 * request for its output folder.
 *
 * <pre>{@code
 * String folder = project + "/" + KeyTimestamp.FORMAT.format(Instant.now());
 * }</pre>
 */
public final class KeyTimestamp {
  /** Formats an {@link java.time.Instant} as {@code yyyy-MM-dd'T'HH-mm-ss} in UTC. */
  public static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss").withZone(ZoneOffset.UTC);

  private KeyTimestamp() {}
}
