package app.polychat.finetune.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void human_usesMillisecondsUnderASecondAndOneDecimalUnderAMinute() {
    assertThat(Durations.human(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.human(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(Durations.human(Duration.ofSeconds(42))).isEqualTo("42s");
  }

  @Test
  void human_leavesOutZeroPartsAboveAMinute() {
    assertThat(Durations.human(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(Durations.human(Duration.ofMinutes(65))).isEqualTo("1h5m");
    assertThat(Durations.human(Duration.ofSeconds(3661))).isEqualTo("1h1m1s");
    assertThat(Durations.human(Duration.ofHours(2))).isEqualTo("2h");
  }
}
