package app.polychat.finetune.bedrock.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConverseSettingsTest {

  @Test
  void defaults_retryFiveTimesWithoutARateLimitAndEightCallsInFlight() {
    ConverseSettings d = ConverseSettings.ofDefaults();
    assertThat(d.maxAttempts()).isEqualTo(5);
    assertThat(d.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.maxBackoff()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.requestsPerMinute()).isZero();
    assertThat(d.maxConcurrentCalls()).isEqualTo(8);
    assertThat(d.circuitBreakerThreshold()).isEqualTo(5);
    assertThat(d)
        .hasToString(
            "ConverseSettings{maxAttempts=5, backoff=PT1S x2.0 up to PT1M ±50%, requestsPerMinute=off,"
                + " maxConcurrentCalls=8, circuitBreakerThreshold=5}");
  }

  @Test
  void toBuilder_changesOnlyWhatItIsTold() {
    ConverseSettings changed =
        ConverseSettings.ofDefaults().toBuilder().requestsPerMinute(120).build();
    assertThat(changed.requestsPerMinute()).isEqualTo(120);
    assertThat(changed.toBuilder().requestsPerMinute(0).build())
        .isEqualTo(ConverseSettings.ofDefaults());
  }

  @Test
  void setters_rejectBadValuesAtOnceNamingTheSetting() {
    assertThatThrownBy(() -> ConverseSettings.custom().maxAttempts(0))
        .hasMessage("maxAttempts must be >= 1, was 0");
    assertThatThrownBy(() -> ConverseSettings.custom().jitter(1.0)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> ConverseSettings.custom().requestsPerMinute(-1))
        .hasMessageContaining("requestsPerMinute");
    assertThatThrownBy(
            () ->
                ConverseSettings.custom()
                    .initialBackoff(Duration.ofSeconds(10))
                    .maxBackoff(Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("must not be shorter than initialBackoff");
  }
}
