package app.polychat.finetune.polychat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

  @Test
  void parse_readsDelaySeconds() {
    assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
  }

  @Test
  void parse_readsImfFixdate_relativeToNow() {
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:30 GMT", NOW))
        .contains(Duration.ofSeconds(30));
  }

  @Test
  void parse_readsObsoleteRfc850AndAsctimeDates() {
    assertThat(RetryAfter.parse("Wednesday, 21-Oct-15 07:29:00 GMT", NOW))
        .contains(Duration.ofSeconds(60));
    assertThat(RetryAfter.parse("Wed Oct 21 07:28:05 2015", NOW)).contains(Duration.ofSeconds(5));
  }

  @Test
  void parse_dateInThePast_meansNoWait() {
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  void parse_absentOrUnreadable_isEmpty() {
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    assertThat(RetryAfter.parse("  ", NOW)).isEmpty();
    assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
    assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isEmpty();
  }
}
