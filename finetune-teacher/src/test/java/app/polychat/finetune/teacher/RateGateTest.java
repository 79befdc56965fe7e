package app.polychat.finetune.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.source.SourceListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RateGateTest {
  private static final GenerationRequest REQUEST =
      new GenerationRequest("r1", 0, null, null, "", "hi");

  @Test
  void perMinute_spreadsRequestsEvenly_andReportsEachWait() {
    RateGate gate = RateGate.perMinute("requests", 1200, 1, Duration.ofSeconds(5));
    List<Duration> waits = new ArrayList<>();
    SourceListener listener =
        new SourceListener() {
          @Override
          public void onRateLimited(GenerationRequest request, Duration wait, String limit) {
            assertThat(limit).isEqualTo("1,200 requests/minute");
            waits.add(wait);
          }
        };
    Supplier<String> call = gate.decorate(REQUEST, 1, listener, () -> "ok");

    long started = System.nanoTime();
    for (int i = 0; i < 11; i++) {
      assertThat(call.get()).isEqualTo("ok");
    }
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;

    // 1,200/minute = one every 50 ms: the first goes at once, ten more take about 500 ms
    assertThat(elapsedMs).isBetween(440L, 1500L);
    assertThat(waits).hasSizeGreaterThanOrEqualTo(9).allMatch(w -> w.toMillis() <= 50);
  }

  @Test
  void perMinute_largeCallBorrowsAndLaterCallsRepay() {
    // 6,000 tokens/minute with a 100-token bucket: 100 tokens every second
    RateGate gate = RateGate.perMinute("tokens", 6_000, 100, Duration.ofSeconds(5));
    SourceListener quiet = new SourceListener() {};
    long started = System.nanoTime();
    gate.decorate(REQUEST, 100, quiet, () -> "first").get();
    gate.decorate(REQUEST, 150, quiet, () -> "borrows").get();
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    // 150 tokens beyond a spent bucket need two refills: the second call starts after ~2 s
    assertThat(elapsedMs).isBetween(1500L, 3500L);
  }

  @Test
  void perMinute_waitLongerThanAllowed_failsRetryableWithoutWaiting() {
    RateGate gate = RateGate.perMinute("tokens", 600, 10, Duration.ofMillis(100));
    SourceListener quiet = new SourceListener() {};
    gate.decorate(REQUEST, 10, quiet, () -> "spends the bucket").get();

    long started = System.nanoTime();
    assertThatThrownBy(() -> gate.decorate(REQUEST, 10, quiet, () -> "never").get())
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("600 tokens/minute")
        .hasMessageContaining("longer than 100ms")
        .satisfies(e -> assertThat(((SourceException) e).retryable()).isTrue());
    // waiting would take a full second (10 tokens at 600/minute): well under that means it did not
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(700);
  }
}
