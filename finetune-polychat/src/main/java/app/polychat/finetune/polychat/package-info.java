/**
 * The Polychat API as a teacher for the generation engine: {@link
 * app.polychat.finetune.polychat.PolychatExampleSource} implements the core {@code ExampleSource}
 * over Polychat's {@code /apps/{app}/generate} (the Strudel app by default) or its OpenAI-style
 * {@code /chat/completions}, wrapped in Resilience4j retry, rate limits, a token budget, a cap on
 * calls in flight and a circuit breaker, all tuned by {@link
 * app.polychat.finetune.polychat.ResilienceSettings}; a {@link
 * app.polychat.finetune.polychat.SourceListener} hears retries, rate-limit waits and the circuit
 * opening.
 *
 * <pre>{@code
 * PolychatExampleSource teacher = PolychatExampleSource.builder()
 *     .apiUrl("https://api.polychat.app")
 *     .apiKey(System.getenv("API_KEY"))
 *     .model("claude-4-5-sonnet")
 *     .resilience(r -> r.requestsPerMinute(45).tokensPerMinute(28_000))
 *     .addListener(new SourceListener() {
 *       public void onRetry(GenerationRequest r, int attempt, Duration wait, String reason) {
 *         System.err.println("retrying " + r.id() + " in " + wait + ": " + reason);
 *       }
 *     })
 *     .build();
 * }</pre>
 */
package app.polychat.finetune.polychat;
