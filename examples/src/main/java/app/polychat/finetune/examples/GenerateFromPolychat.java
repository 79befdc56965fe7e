package app.polychat.finetune.examples;

import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.Generation;
import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.strudel.StrudelPack;
import app.polychat.finetune.support.FineTuneException;
import java.nio.file.Path;

/**
 * Generating a dataset from the Polychat API: the Strudel prompt config plans the requests,
 * Polychat's Strudel app ({@code POST /apps/strudel/generate}) answers each one, and the answers
 * are filtered, deduplicated, split and written as Bedrock JSONL. Every answer is journaled in a
 * SQLite file as it arrives, so running the program again resumes instead of paying twice.
 *
 * <p>Needs {@code API_URL} (the Polychat API's base URL) and {@code API_KEY} (Polychat keys start
 * {@code ak_}). Run: {@code ./scripts/example GenerateFromPolychat [count] [output-folder]}.
 */
public final class GenerateFromPolychat {
  private GenerateFromPolychat() {}

  public static void main(String[] args) {
    String apiUrl = System.getenv("API_URL");
    String apiKey = System.getenv("API_KEY");
    if (apiUrl == null || apiKey == null) {
      System.err.println("error: set API_URL and API_KEY (your Polychat API key, ak_...)");
      System.exit(2);
    }
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 18;
    Path output = Path.of(args.length > 1 ? args[1] : "datasets/polychat");
    try {
      run(apiUrl, apiKey, count, output);
    } catch (FineTuneException e) { // a refused key, a short dataset: the message says what to do
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  static Generation run(String apiUrl, String apiKey, int count, Path output) {
    try (var teacher =
            PolychatExampleSource.builder()
                .apiUrl(apiUrl)
                .apiKey(apiKey) // sent as a bearer token, never logged or stored
                // paced under Polychat's 120 requests a minute (the default), with retries
                .callPolicy(policy -> policy.requestsPerMinute(120).maxAttempts(5))
                .build();
        var tracker = SqliteRunTracker.open(output.resolve("finetune.db"));
        var pipeline =
            FineTunePipeline.builder()
                .prompts(StrudelPack.prompts())
                .source(teacher)
                .tracker(tracker)
                .outputDir(output)
                .build()) {
      // 18 asks once per style × complexity; a larger count cycles the prompt templates
      Generation generation = pipeline.generate(g -> g.count(count));
      System.out.printf(
          "Wrote %s (%d examples) and %s (%d examples)%n",
          generation.dataset().train(),
          generation.dataset().trainCount(),
          generation.dataset().validation(),
          generation.dataset().validationCount());
      return generation;
    }
  }
}
