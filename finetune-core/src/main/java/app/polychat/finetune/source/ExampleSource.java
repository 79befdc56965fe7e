package app.polychat.finetune.source;

/**
 * A teacher: answers planned requests with training examples. Implementations must be thread-safe;
 * the generation engine calls {@link #generate} from several threads at once, bounded by its
 * concurrency setting.
 *
 * <p>Failures are thrown as {@link SourceException}, whose {@code retryable()} tells the engine
 * whether to try the request again later. A source never returns an empty example.
 *
 * <pre>{@code
 * try (ExampleSource teacher = PolychatExampleSource.builder().apiUrl(url).build()) {
 *   GeneratedExample answer = teacher.generate(request);
 * }
 * }</pre>
 */
public interface ExampleSource extends AutoCloseable {

  /**
   * Makes one teacher call.
   *
   * @throws SourceException when no example could be produced (with the reason)
   */
  GeneratedExample generate(GenerationRequest request);

  /**
   * A short description for the run history: the source kind and the teacher model, never a secret
   * (for example {@code polychat:claude-4-5-sonnet}).
   */
  default String describe() {
    return getClass().getSimpleName();
  }

  /**
   * The run is stopping: calls not yet sent (waiting for a rate limit, a free slot or a retry
   * backoff) should give up with a {@link SourceCancelledException} instead of being sent; calls
   * already on the wire finish. Only calls begun before this are affected: the same source can
   * serve a resumed run afterwards. May be called from any thread. The default does nothing.
   */
  default void cancelPending() {}

  /** Releases connections and threads. The default does nothing. */
  @Override
  default void close() {}
}
