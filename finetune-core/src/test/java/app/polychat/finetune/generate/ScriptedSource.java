package app.polychat.finetune.generate;

import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A teacher for engine tests: answers by a script, sleeps a random few milliseconds so answers
 * arrive out of order, and counts the calls per request id.
 */
final class ScriptedSource implements ExampleSource {
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Function<GenerationRequest, String> script;
  private final Random random = new Random();

  ScriptedSource(Function<GenerationRequest, String> script) {
    this.script = script;
  }

  /** Answers {@code code for <index>}. */
  static ScriptedSource distinctAnswers() {
    return new ScriptedSource(r -> "s(\"bd*" + (r.index() + 1) + "\")");
  }

  @Override
  public GeneratedExample generate(GenerationRequest request) {
    calls.computeIfAbsent(request.id(), k -> new AtomicInteger()).incrementAndGet();
    try {
      Thread.sleep(random.nextInt(4));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String answer = script.apply(request);
    if (answer.startsWith("FAIL")) {
      throw new SourceException(answer, answer.contains("retry"));
    }
    return GeneratedExample.answer(request, answer, "scripted", 10, 20, Duration.ofMillis(1), 1);
  }

  int totalCalls() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public String describe() {
    return "scripted";
  }
}
