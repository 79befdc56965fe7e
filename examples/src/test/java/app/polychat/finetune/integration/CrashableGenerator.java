package app.polychat.finetune.integration;

import app.polychat.finetune.generate.GenerationEngine;
import app.polychat.finetune.generate.GenerationListener;
import app.polychat.finetune.generate.GenerationOptions;
import app.polychat.finetune.generate.GenerationProgress;
import app.polychat.finetune.generate.GenerationResult;
import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.prompt.PromptPlan;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The program {@link GenerationCrashTest} runs in a JVM of its own and kills: one generation run
 * (resuming the journal when there is one), a {@link PolychatExampleSource} against the test's
 * server and a {@link SqliteRunTracker} on a file.
 *
 * <p>It prints one line per journaled outcome, {@code journaled <STATUS> <requestId> end}, after
 * the tracker has made it durable, so a line seen by the parent is a promise that the outcome
 * survives a {@code kill -9}. The last line is {@code finished examples=<n> stopped=<reason>}.
 *
 * <p>Arguments: {@code apiUrl database promptConfig outputDir count concurrency}.
 */
public final class CrashableGenerator {
  private static final PrintStream OUT = System.out;

  private CrashableGenerator() {}

  public static void main(String[] args) {
    String apiUrl = args[0];
    Path database = Path.of(args[1]);
    Path config = Path.of(args[2]);
    Path outputDir = Path.of(args[3]);
    int count = Integer.parseInt(args[4]);
    int concurrency = Integer.parseInt(args[5]);

    PromptPlan plan = PromptCatalog.load(config).plan(count, List.of(), List.of(), 0);
    try (SqliteRunTracker tracker = SqliteRunTracker.open(database);
        PolychatExampleSource teacher =
            PolychatExampleSource.builder()
                .apiUrl(apiUrl)
                .apiKey("crash-test-key-0123456789")
                .model("claude-4-5-sonnet")
                .callPolicy(
                    r -> r.requestsPerMinute(0).tokensPerMinute(0).maxConcurrentCalls(concurrency))
                .build()) {
      GenerationResult result =
          GenerationEngine.builder()
              .source(teacher)
              .tracker(tracker)
              .concurrency(concurrency)
              .listener(new PrintingListener())
              .build()
              .run(plan, GenerationOptions.defaults(outputDir));
      print("finished examples=" + result.examples() + " stopped=" + result.stoppedReason());
    }
  }

  /** One write per line, so a kill never leaves half a line that looks whole. */
  private static void print(String line) {
    synchronized (OUT) {
      OUT.print(line + "\n");
      OUT.flush();
    }
  }

  /** Reports outcomes; the engine calls it after the tracker journaled them. */
  private static final class PrintingListener implements GenerationListener {
    @Override
    public void succeeded(GenerationRequest request, GenerationProgress progress) {
      print("journaled DONE " + request.id() + " end");
    }

    @Override
    public void failed(GenerationRequest request, String reason, GenerationProgress progress) {
      print("journaled FAILED " + request.id() + " end");
    }

    @Override
    public void dropped(GenerationRequest request, String reason, GenerationProgress progress) {
      print("journaled DROPPED " + request.id() + " end");
    }
  }
}
