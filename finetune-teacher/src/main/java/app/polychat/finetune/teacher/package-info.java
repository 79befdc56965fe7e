/**
 * The teacher-call stack every teacher shares: one {@link app.polychat.finetune.teacher.CallPolicy}
 * (retries, backoff, request pace, token budget, calls in flight, circuit breaker, waits) and one
 * Resilience4j-based {@link app.polychat.finetune.teacher.TeacherCaller} that applies it. The
 * events go to the core's {@link app.polychat.finetune.source.SourceListener}, so the generation
 * engine hands them on to its {@code GenerationListener}. Core stays free of Resilience4j; this
 * module holds it.
 *
 * <pre>{@code
 * TeacherCaller caller = TeacherCaller.builder(CallPolicy.custom().requestsPerMinute(60).build())
 *     .name("my-api").description("https://my.api").build();
 * String answer = caller.call(request, 800, listener, (attempt, max) -> myApi.ask(request)).value();
 * }</pre>
 */
package app.polychat.finetune.teacher;
