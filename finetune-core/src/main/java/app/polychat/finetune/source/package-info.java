/**
 * Teachers: {@link app.polychat.finetune.source.ExampleSource} answers planned {@link
 * app.polychat.finetune.source.GenerationRequest}s with examples. {@link
 * app.polychat.finetune.source.JsonlExampleSource} replays existing examples from a JSONL file;
 * provider modules add the Polychat API and Bedrock.
 *
 * <pre>{@code
 * try (ExampleSource samples = JsonlExampleSource.open(Path.of("samples.jsonl"))) {
 *   GeneratedExample answer = samples.generate(request);
 * }
 * }</pre>
 */
package app.polychat.finetune.source;
