package app.polychat.finetune.polychat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResilienceSettingsTest {

  @Test
  void ofDefaults_reachPolychatsOwnLimit_withoutATokenBudget() {
    ResilienceSettings s = ResilienceSettings.ofDefaults();
    assertThat(s.maxAttempts()).isEqualTo(5);
    // POLYCHAT-API.md: 120 requests a minute per key in the deployment config, no token budget
    assertThat(s.requestsPerMinute()).isEqualTo(120);
    assertThat(s.tokensPerMinute()).isZero();
    assertThat(s.assumedOutputTokens()).isEqualTo(500);
    assertThat(s.maxConcurrentCalls()).isEqualTo(32);
    assertThat(s.circuitBreakerThreshold()).isEqualTo(5);
    assertThat(s.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.jitter()).isEqualTo(0.5);
  }

  @Test
  void custom_zeroTurnsLimitsOff_andToBuilderKeepsEveryValue() {
    ResilienceSettings s =
        ResilienceSettings.custom()
            .requestsPerMinute(0)
            .tokensPerMinute(0)
            .circuitBreakerThreshold(0)
            .maxAttempts(2)
            .jitter(0)
            .build();
    assertThat(s.toString())
        .contains("requestsPerMinute=off", "tokensPerMinute=off", "circuitBreakerThreshold=off");
    assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
    assertThat(s).isNotEqualTo(ResilienceSettings.ofDefaults());
  }

  @Test
  void setters_rejectBadValuesAtOnce_namingTheSetting() {
    ResilienceSettings.Builder b = ResilienceSettings.custom();
    assertThatThrownBy(() -> b.maxAttempts(0)).hasMessageContaining("maxAttempts must be >= 1");
    assertThatThrownBy(() -> b.requestsPerMinute(-1)).hasMessageContaining("requestsPerMinute");
    assertThatThrownBy(() -> b.jitter(1.0)).hasMessageContaining("jitter must be in [0, 1)");
    assertThatThrownBy(() -> b.backoffMultiplier(0.5)).hasMessageContaining("backoffMultiplier");
    assertThatThrownBy(() -> b.initialBackoff(Duration.ZERO)).hasMessageContaining("at least 1 ms");
    assertThatThrownBy(() -> b.maxRetryAfter(Duration.ofSeconds(-1)))
        .hasMessageContaining("maxRetryAfter must not be negative");
    assertThatThrownBy(() -> b.maxConcurrentCalls(0)).hasMessageContaining("maxConcurrentCalls");
    assertThatThrownBy(() -> b.initialBackoff(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void build_rejectsMaxBackoffShorterThanInitial() {
    assertThatThrownBy(
            () ->
                ResilienceSettings.custom()
                    .initialBackoff(Duration.ofSeconds(5))
                    .maxBackoff(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBackoff");
  }
}
