package app.polychat.finetune.polychat.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header: either delay seconds ({@code 120}) or an HTTP date
 * ({@code Wed, 21 Oct 2015 07:28:00 GMT}, plus the two obsolete date forms HTTP still asks
 * recipients to accept). A date in the past means no wait. Not public API.
 */
public final class RetryAfter {
  private static final List<DateTimeFormatter> DATE_FORMS =
      List.of(
          DateTimeFormatter.RFC_1123_DATE_TIME,
          DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US),
          DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
              .withZone(java.time.ZoneOffset.UTC));

  private RetryAfter() {}

  /** The wait the header asks for, or empty when the header is absent or unreadable. */
  public static Optional<Duration> parse(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
      } catch (NumberFormatException tooLong) {
        return Optional.empty();
      }
    }
    for (DateTimeFormatter form : DATE_FORMS) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(value, form);
        Duration wait = Duration.between(clock.instant(), when.toInstant());
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notThisForm) {
        // try the next form
      }
    }
    return Optional.empty();
  }
}
