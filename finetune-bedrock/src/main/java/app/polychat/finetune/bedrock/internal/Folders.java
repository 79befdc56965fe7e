package app.polychat.finetune.bedrock.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The UTC timestamp folder names the original toolkit uses in S3 keys ({@code
 * 2025-11-09T12-00-00}): sortable, and valid in the S3 URIs Bedrock accepts (no colons). Not public
 * API.
 */
public final class Folders {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss").withZone(ZoneOffset.UTC);

  private Folders() {}

  public static String timestamp(Instant instant) {
    return TIME.format(instant);
  }
}
