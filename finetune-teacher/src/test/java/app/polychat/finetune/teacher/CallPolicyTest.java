package app.polychat.finetune.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The one call policy: general defaults and validation (formerly the Polychat source's
 * ResilienceSettingsTest and the Bedrock Converse source's ConverseSettingsTest; each teacher's own
 * defaults are tested beside the teacher).
 */
class CallPolicyTest {

  @Test
  void ofDefaults_retryFiveTimesWithoutPaceOrBudget_eightInFlight_breakerOnAttempts() {
    CallPolicy d = CallPolicy.ofDefaults();
    assertThat(d.maxAttempts()).isEqualTo(5);
    assertThat(d.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.maxBackoff()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.jitter()).isEqualTo(0.5);
    assertThat(d.maxRetryAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.requestsPerMinute()).isZero();
    assertThat(d.tokensPerMinute()).isZero();
    assertThat(d.assumedOutputTokens()).isEqualTo(500);
    assertThat(d.maxConcurrentCalls()).isEqualTo(8);
    assertThat(d.circuitBreakerThreshold()).isEqualTo(5);
    assertThat(d.circuitBreakerCounts()).isEqualTo(CallPolicy.BreakerCounts.ATTEMPTS);
    assertThat(d.circuitBreakerOpenDuration()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.maxRateLimitWait()).isEqualTo(Duration.ofMinutes(10));
    assertThat(d.maxConcurrencyWait()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void custom_zeroTurnsLimitsOff_andToBuilderKeepsEveryValue() {
    CallPolicy s =
        CallPolicy.custom()
            .requestsPerMinute(0)
            .tokensPerMinute(0)
            .circuitBreakerThreshold(0)
            .maxAttempts(2)
            .jitter(0)
            .build();
    assertThat(s.toString())
        .contains("requestsPerMinute=off", "tokensPerMinute=off", "circuitBreakerThreshold=off");
    assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
    assertThat(s).isNotEqualTo(CallPolicy.ofDefaults());
  }

  @Test
  void toBuilder_changesOnlyWhatItIsTold() {
    CallPolicy changed = CallPolicy.ofDefaults().toBuilder().requestsPerMinute(120).build();
    assertThat(changed.requestsPerMinute()).isEqualTo(120);
    assertThat(changed.toBuilder().requestsPerMinute(0).build()).isEqualTo(CallPolicy.ofDefaults());
  }

  @Test
  void setters_rejectBadValuesAtOnce_namingTheSetting() {
    CallPolicy.Builder b = CallPolicy.custom();
    assertThatThrownBy(() -> b.maxAttempts(0)).hasMessage("maxAttempts must be >= 1, was 0");
    assertThatThrownBy(() -> b.requestsPerMinute(-1)).hasMessageContaining("requestsPerMinute");
    assertThatThrownBy(() -> b.jitter(1.0)).hasMessageContaining("jitter must be in [0, 1)");
    assertThatThrownBy(() -> b.backoffMultiplier(0.5)).hasMessageContaining("backoffMultiplier");
    assertThatThrownBy(() -> b.initialBackoff(Duration.ZERO)).hasMessageContaining("at least 1 ms");
    assertThatThrownBy(() -> b.maxRetryAfter(Duration.ofSeconds(-1)))
        .hasMessageContaining("maxRetryAfter must not be negative");
    assertThatThrownBy(() -> b.maxConcurrentCalls(0)).hasMessageContaining("maxConcurrentCalls");
    assertThatThrownBy(() -> b.initialBackoff(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.circuitBreakerCounts(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void build_rejectsMaxBackoffShorterThanInitial() {
    assertThatThrownBy(
            () ->
                CallPolicy.custom()
                    .initialBackoff(Duration.ofSeconds(5))
                    .maxBackoff(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBackoff")
        .hasMessageContaining("must not be shorter than initialBackoff");
  }
}
