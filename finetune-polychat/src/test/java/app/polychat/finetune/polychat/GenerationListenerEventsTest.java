package app.polychat.finetune.polychat;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.generate.GenerationEngine;
import app.polychat.finetune.generate.GenerationListener;
import app.polychat.finetune.generate.GenerationOptions;
import app.polychat.finetune.generate.GenerationResult;
import app.polychat.finetune.polychat.standin.PolychatStandIn;
import app.polychat.finetune.prompt.PromptPlan;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.track.InMemoryRunTracker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SDK user's {@link GenerationListener}, given only to the engine, hears the teacher's retries
 * and rate-limit waits: nothing is registered on the source.
 *
 * <p>The stand-in answers as Polychat does beyond its request limit (POLYCHAT-API.md, "Errors" and
 * "Rate limits": 429 with header {@code Retry-After} and body field {@code retryAfter}, read from
 * Polychat's {@code apps/api/src/middleware/rateLimit.ts}); here its window is one second, so its
 * {@code Retry-After} is 1 and the test takes seconds, not minutes.
 */
class GenerationListenerEventsTest {
  private static final String KEY = "ak_live_4f9e2c7a1b3d5e8f";

  @TempDir Path dir;

  /** What an SDK user's listener records. */
  private static final class SdkListener implements GenerationListener {
    final List<String> retried = Collections.synchronizedList(new ArrayList<>());
    final List<Duration> rateLimited = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void retried(GenerationRequest request, int attempt, String reason) {
      retried.add(attempt + ": " + reason);
    }

    @Override
    public void rateLimited(GenerationRequest request, Duration wait) {
      rateLimited.add(wait);
    }
  }

  private static PromptPlan plan(int count) {
    String[] styles = {"techno", "ambient", "house", "jazz", "drums", "experimental"};
    List<GenerationRequest> requests =
        IntStream.range(0, count)
            .mapToObj(
                i ->
                    new GenerationRequest(
                        "req-" + i,
                        i,
                        styles[i % styles.length],
                        "simple",
                        "You write Strudel code.",
                        "A short " + styles[i % styles.length] + " groove, number " + i))
            .toList();
    return new PromptPlan(
        requests, "plan-events", "config-events", List.of(styles), List.of("simple"));
  }

  @Test
  void anSdkGenerationListener_hearsThe429RetriesAndThePaceWaits_ofARealPolychatSource() {
    // 4 requests per second let through; the source paces at 600/minute (one per ~103 ms), so the
    // fifth request within a second is refused with 429 + Retry-After: 1 and retried after it
    try (PolychatStandIn standIn =
            PolychatStandIn.start(Set.of(KEY), 4, Duration.ofSeconds(1), 0, 0);
        PolychatExampleSource teacher =
            PolychatExampleSource.builder()
                .apiUrl(standIn.baseUrl())
                .apiKey(KEY)
                .callPolicy(p -> p.requestsPerMinute(600).initialBackoff(Duration.ofMillis(10)))
                .build()) {
      SdkListener listener = new SdkListener();
      GenerationResult result =
          GenerationEngine.builder()
              .source(teacher)
              .tracker(new InMemoryRunTracker())
              .concurrency(3)
              .listener(listener)
              .build()
              .run(plan(6), GenerationOptions.defaults(dir));

      assertThat(result.examples()).isEqualTo(6);
      assertThat(result.failed()).isZero();
      assertThat(standIn.count(429)).isPositive();
      // one retry event for each 429 the server answered, each announcing the second attempt
      assertThat(listener.retried)
          .hasSize(standIn.count(429))
          .allSatisfy(
              r -> assertThat(r).startsWith("2: HTTP 429").contains("rate limiting this client"));
      // calls waited for the pace (and for the server's Retry-After pause)
      assertThat(listener.rateLimited).isNotEmpty().allSatisfy(w -> assertThat(w).isPositive());
    }
  }
}
