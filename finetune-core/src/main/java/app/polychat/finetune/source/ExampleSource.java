package app.polychat.finetune.source;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A teacher: answers planned requests with training examples. Implementations must be thread-safe;
 * the generation engine calls {@link #generate} from several threads at once, bounded by its
 * concurrency setting.
 *
 * <p>Failures are thrown as {@link SourceException}, whose {@code retryable()} tells the engine
 * whether to try the request again later. A source never returns an empty example.
 *
 * <p>A source whose service answers many requests in one remote job (Bedrock batch inference) says
 * so with {@link #prefersBulk()} and implements {@link #generateAll}; the engine then hands it
 * every request still to do at once and journals the outcomes as the source delivers them, with the
 * same guarantees as for single calls: files in plan order, resume, drop reasons, stop.
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
   * @param request the planned request to answer
   * @return the example, with its metadata
   * @throws SourceException when no example could be produced (with the reason)
   */
  GeneratedExample generate(GenerationRequest request);

  /**
   * Makes one teacher call and tells {@code listener} what happens on the way (retries, rate-limit
   * waits), besides the listeners the source was built with. The generation engine calls this one,
   * so the events reach the run's {@code GenerationListener}. The default ignores the listener and
   * calls {@link #generate(GenerationRequest)}.
   *
   * @param request the planned request to answer
   * @param listener hears this call's retries and rate-limit waits
   * @return the example, with its metadata
   * @throws SourceException when no example could be produced (with the reason)
   */
  default GeneratedExample generate(GenerationRequest request, SourceListener listener) {
    Objects.requireNonNull(listener, "listener");
    return generate(request);
  }

  /**
   * {@return whether the engine should call {@link #generateAll} with all the requests still to do,
   * rather than {@link #generate} once per request from its own threads} The default is false.
   */
  default boolean prefersBulk() {
    return false;
  }

  /**
   * Answers many requests, delivering each outcome to {@code run} as it becomes known, in any
   * order; returns when every request has an outcome, or earlier when the run is {@linkplain
   * BulkRun#stopping() stopping} (requests left without an outcome stay to do, and a rerun asks for
   * them again). A request that cannot be answered is delivered as a failure, never dropped
   * silently.
   *
   * <p>The default calls {@link #generate(GenerationRequest, SourceListener)} with the run's
   * {@linkplain BulkRun#events() listener} for one request after another, in the given order.
   *
   * @param requests the requests still to answer, in plan order
   * @param run receives each outcome and tells whether the run is stopping
   * @throws SourceUnavailableException when the teacher cannot answer anything (the run stops)
   */
  default void generateAll(List<GenerationRequest> requests, BulkRun run) {
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(run, "run");
    for (GenerationRequest request : requests) {
      if (run.stopping()) {
        return;
      }
      GeneratedExample example;
      try {
        example = generate(request, run.events());
      } catch (SourceCancelledException e) {
        return; // never sent: it stays to do
      } catch (SourceException e) {
        run.deliver(GenerationOutcome.failed(request, e));
        if (e instanceof SourceUnavailableException) {
          return;
        }
        continue;
      }
      run.deliver(GenerationOutcome.answered(request, example));
    }
  }

  /**
   * Checks, before anything is sent or paid for, that this teacher can take every one of these
   * requests (for example that each style is one the API accepts). The generation engine calls it
   * with the whole plan before it starts. The default accepts everything.
   *
   * @param requests every request of the plan
   * @throws SourceException (not retryable) naming the first value the teacher cannot take and what
   *     to do instead
   */
  default void checkRequests(List<GenerationRequest> requests) {
    Objects.requireNonNull(requests, "requests");
  }

  /**
   * {@return how fast this source is asking its teacher now and what holds it back, for progress
   * displays; empty for a source that does not pace its calls (the default)}
   */
  default Optional<RateStatus> rateStatus() {
    return Optional.empty();
  }

  /**
   * {@return how many requests this source can answer at most, when that is limited: a file of
   * existing examples answers each request with a different one, so it cannot answer more requests
   * than it holds} Empty (the default) for a teacher that answers as many as it is asked. The
   * pipeline plans no more than this, or refuses a larger count before asking anything.
   */
  default OptionalInt capacity() {
    return OptionalInt.empty();
  }

  /**
   * {@return a short description for the run history: the source kind and the teacher model, never
   * a secret (for example {@code polychat:claude-4-5-sonnet})}
   */
  default String describe() {
    return getClass().getSimpleName();
  }

  /**
   * {@return the model that answers, as the run history records it (for example {@code
   * claude-4-5-sonnet} or {@code us.amazon.nova-premier-v1:0}); empty (the default) for a source
   * that names no model, such as a file of existing examples}
   */
  default Optional<String> teacherModel() {
    return Optional.empty();
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
