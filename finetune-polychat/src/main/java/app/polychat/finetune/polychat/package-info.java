/**
 * The Polychat API as a teacher for the generation engine: {@link
 * app.polychat.finetune.polychat.PolychatExampleSource} implements the core {@code ExampleSource}
 * over Polychat's {@code /apps/{app}/generate} (the Strudel app by default) or its OpenAI-style
 * {@code /chat/completions}, its calls run by the shared teacher caller ({@code finetune-teacher}:
 * retry, adaptive pace, token budget, calls in flight, circuit breaker) under a {@code CallPolicy}
 * that starts from {@link
 * app.polychat.finetune.polychat.PolychatExampleSource#DEFAULT_CALL_POLICY}; a core {@code
 * SourceListener} hears retries, rate-limit waits and the circuit opening.
 *
 * <pre>{@code
 * PolychatExampleSource teacher = PolychatExampleSource.builder()
 *     .apiUrl("https://api.polychat.app")
 *     .apiKey(System.getenv("API_KEY"))
 *     .model("claude-4-5-sonnet")
 *     .callPolicy(p -> p.requestsPerMinute(45).tokensPerMinute(28_000))
 *     .addListener(new SourceListener() {
 *       public void onRetry(GenerationRequest r, int attempt, Duration wait, String reason) {
 *         System.err.println("retrying " + r.id() + " in " + wait + ": " + reason);
 *       }
 *     })
 *     .build();
 * }</pre>
 */
package app.polychat.finetune.polychat;
