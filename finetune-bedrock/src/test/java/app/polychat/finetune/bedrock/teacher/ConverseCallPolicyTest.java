package app.polychat.finetune.bedrock.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.teacher.CallPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Converse teacher's default call policy (formerly {@code ConverseSettings}, now the shared
 * {@link CallPolicy} with the same figures).
 */
class ConverseCallPolicyTest {

  @Test
  void defaults_retryFiveTimesWithoutARateLimitAndEightCallsInFlight() {
    CallPolicy d = BedrockConverseExampleSource.DEFAULT_CALL_POLICY;
    assertThat(d.maxAttempts()).isEqualTo(5);
    assertThat(d.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.maxBackoff()).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.requestsPerMinute()).isZero();
    assertThat(d.maxConcurrentCalls()).isEqualTo(8);
    assertThat(d.circuitBreakerThreshold()).isEqualTo(5);
    assertThat(d.circuitBreakerCounts()).isEqualTo(CallPolicy.BreakerCounts.REQUESTS);
    assertThat(d)
        .hasToString(
            "CallPolicy{maxAttempts=5, backoff=PT1S x2.0 up to PT1M ±50%, maxRetryAfter=PT5M,"
                + " requestsPerMinute=off, tokensPerMinute=off, assumedOutputTokens=500,"
                + " maxConcurrentCalls=8, circuitBreakerThreshold=5 requests}");
  }

  @Test
  void toBuilder_changesOnlyWhatItIsTold() {
    CallPolicy changed =
        BedrockConverseExampleSource.DEFAULT_CALL_POLICY.toBuilder().requestsPerMinute(120).build();
    assertThat(changed.requestsPerMinute()).isEqualTo(120);
    assertThat(changed.toBuilder().requestsPerMinute(0).build())
        .isEqualTo(BedrockConverseExampleSource.DEFAULT_CALL_POLICY);
  }

  @Test
  void setters_rejectBadValuesAtOnceNamingTheSetting() {
    CallPolicy.Builder b = BedrockConverseExampleSource.DEFAULT_CALL_POLICY.toBuilder();
    assertThatThrownBy(() -> b.maxAttempts(0)).hasMessage("maxAttempts must be >= 1, was 0");
    assertThatThrownBy(() -> b.jitter(1.0)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> b.requestsPerMinute(-1)).hasMessageContaining("requestsPerMinute");
    assertThatThrownBy(
            () ->
                CallPolicy.custom()
                    .initialBackoff(Duration.ofSeconds(10))
                    .maxBackoff(Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("must not be shorter than initialBackoff");
  }
}
