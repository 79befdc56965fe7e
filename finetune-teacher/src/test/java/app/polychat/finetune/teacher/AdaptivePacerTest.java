package app.polychat.finetune.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pace on a fake clock: no sleeping, exact figures. */
class AdaptivePacerTest {
  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong now = new AtomicLong(1_000 * SECOND);

  private AdaptivePacer pacer(int limit) {
    return new AdaptivePacer(limit, Duration.ofMinutes(1), Duration.ofMinutes(5), now::get);
  }

  /** Sends {@code n} requests at the pace, each answered as {@code accepted} says. */
  private void sendAll(AdaptivePacer pacer, int n) {
    for (int i = 0; i < n; i++) {
      long slot = pacer.reserve();
      now.set(Math.max(now.get(), slot));
      pacer.used(slot);
      pacer.accepted(slot);
    }
  }

  @Test
  void startsJustUnderTheLimit_andSpacesRequestsEvenly() {
    AdaptivePacer pacer = pacer(120);
    assertThat(pacer.rate()).isCloseTo(116.4, within(0.01));
    long first = pacer.reserve();
    long second = pacer.reserve();
    assertThat(first).isEqualTo(now.get());
    // 60 s / 116.4 = 515.5 ms apart: 120 requests take 61.3 s, never 121 in one minute
    assertThat(second - first).isBetween(515_000_000L, 516_000_000L);
    assertThat(pacer.slowedByServer()).isFalse();
  }

  @Test
  void a429_pausesForRetryAfter_andLowersThePaceToWhatTheServerLetThrough() {
    AdaptivePacer pacer = pacer(120);
    // a server that lets 100 a minute through: the 101st request is refused
    sendAll(pacer, 100);
    long refused = pacer.reserve();
    now.set(refused);
    boolean changed = pacer.throttled(refused, Duration.ofSeconds(60));

    assertThat(changed).isTrue();
    assertThat(pacer.pausedFor()).isEqualTo(Duration.ofSeconds(60));
    // min(0.9 × 116.4, 0.97 × 100 let through) = 97
    assertThat(pacer.rate()).isCloseTo(97.0, within(0.01));
    assertThat(pacer.slowedByServer()).isTrue();
    assertThat(pacer.throttledAnswers()).isEqualTo(1);
    // nothing goes before the pause ends
    assertThat(pacer.reserve()).isGreaterThanOrEqualTo(refused + 60 * SECOND);
  }

  @Test
  void answersToRequestsSentBeforeTheDecrease_doNotLowerThePaceAgain() {
    AdaptivePacer pacer = pacer(120);
    sendAll(pacer, 100);
    long a = pacer.reserve();
    long b = pacer.reserve();
    now.set(b);
    pacer.throttled(a, Duration.ofSeconds(60));
    double lowered = pacer.rate();
    now.addAndGet(SECOND);
    pacer.throttled(b, Duration.ofSeconds(60)); // sent before the decrease: same round
    assertThat(pacer.rate()).isEqualTo(lowered);
    assertThat(pacer.throttledAnswers()).isEqualTo(2);
  }

  @Test
  void probesBackUp_quicklyToTheLearnedLimit_thenSlowlyAboveIt_neverPastTheCeiling() {
    AdaptivePacer pacer = pacer(120);
    // a server that lets 115 a minute through: the pace drops by 10 %, below what it learned
    sendAll(pacer, 115);
    long refused = pacer.reserve();
    now.set(refused);
    pacer.throttled(refused, Duration.ofSeconds(60));
    assertThat(pacer.rate()).isCloseTo(104.76, within(0.01));

    // calls keep waiting for the pace, no 429: +2.4/min every 10 s up to 0.97 × 115 = 111.55
    sendAll(pacer, 90);
    assertThat(pacer.rate()).isCloseTo(111.55, within(0.01));
    // above the learned limit: +1.2/min every five minutes (700 requests ≈ 6 minutes)
    sendAll(pacer, 700);
    assertThat(pacer.rate()).isGreaterThan(111.55).isLessThan(114.0);
    sendAll(pacer, 5_000);
    assertThat(pacer.rate()).isCloseTo(116.4, within(0.01));
    assertThat(pacer.slowedByServer()).isFalse();
  }

  @Test
  void a429WithNothingLetThrough_lowersByTenPercent_andProbesBackToTheTop() {
    AdaptivePacer pacer = pacer(120);
    long refused = pacer.reserve();
    pacer.throttled(refused, Duration.ofSeconds(1));
    assertThat(pacer.rate()).isCloseTo(104.76, within(0.01));
    sendAll(pacer, 200);
    assertThat(pacer.rate()).isCloseTo(116.4, within(0.01));
  }

  @Test
  void withoutCallsWaiting_thePaceDoesNotClimb() {
    AdaptivePacer pacer = pacer(120);
    sendAll(pacer, 100);
    long refused = pacer.reserve();
    now.set(refused);
    pacer.throttled(refused, null);
    double lowered = pacer.rate();
    // one request every 10 minutes: the pace is not what holds anything back
    for (int i = 0; i < 10; i++) {
      now.addAndGet(600 * SECOND);
      long slot = pacer.reserve();
      pacer.accepted(slot);
    }
    assertThat(pacer.rate()).isEqualTo(lowered);
    assertThat(pacer.pausedFor()).isEqualTo(Duration.ZERO);
  }

  @Test
  void releaseUnused_givesBackTheSlotsOfCallsThatWillNeverBeSent() {
    AdaptivePacer pacer = pacer(12); // one every ~5.15 s
    long sent = pacer.reserve();
    pacer.used(sent);
    pacer.reserve();
    pacer.reserve();
    pacer.reserve(); // three waiting, the last at ~15.5 s
    pacer.releaseUnused();
    long next = pacer.reserve();
    assertThat(next - sent).isBetween(5 * SECOND, 6 * SECOND);
    assertThat(pacer.sentLastWindow()).isEqualTo(1);
  }
}
