package app.polychat.finetune.examples;

import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.TrainingJob;
import app.polychat.finetune.filter.FilterDecision;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.polychat.PolychatMode;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.support.FineTuneException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A second use case, SQL from plain English, with nothing but its own prompt config ({@code
 * sql-prompts.json} beside this class: three database schemas as the "styles", three complexities,
 * questions as templates). A teacher answers through Polychat's OpenAI-shaped {@code POST
 * /chat/completions}, a filter of this use case's own drops answers that are not a read-only query,
 * and the dataset goes through the local store to a dry-run job (set real components as in {@link
 * TrainOnBedrock} to train).
 *
 * <p>Needs {@code API_URL} and {@code API_KEY}. Run: {@code ./scripts/example SqlFromEnglish
 * [count] [output-folder]}.
 */
public final class SqlFromEnglish {
  private static final Pattern READ_ONLY_QUERY =
      Pattern.compile(
          "(?is)\\s*(select|with)\\b(?!.*\\b(insert|update|delete|drop|alter)\\b).*;\\s*");

  private SqlFromEnglish() {}

  public static void main(String[] args) {
    String apiUrl = System.getenv("API_URL");
    String apiKey = System.getenv("API_KEY");
    if (apiUrl == null || apiKey == null) {
      System.err.println("error: set API_URL and API_KEY (your Polychat API key, ak_...)");
      System.exit(2);
    }
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 54;
    Path output = Path.of(args.length > 1 ? args[1] : "datasets/sql");
    try {
      run(apiUrl, apiKey, count, output);
    } catch (FineTuneException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  static JobStatus run(String apiUrl, String apiKey, int count, Path output) {
    PromptCatalog sql =
        PromptCatalog.load(
            SqlFromEnglish.class.getResourceAsStream("sql-prompts.json"), "sql-prompts.json");
    try (var teacher =
            PolychatExampleSource.builder()
                .apiUrl(apiUrl)
                .apiKey(apiKey)
                .mode(PolychatMode.CHAT_COMPLETIONS) // any prompt config, not only Strudel's
                .model("claude-4-5-sonnet")
                .build();
        var pipeline =
            FineTunePipeline.builder()
                .prompts(sql)
                .source(teacher)
                .addFilter(
                    example ->
                        READ_ONLY_QUERY
                                .matcher(example.conversation().lastAssistantText().orElse(""))
                                .matches()
                            ? FilterDecision.keep(example)
                            : FilterDecision.drop("not a read-only SQL query"))
                .outputDir(output)
                .project("sql")
                .build()) {
      TrainingJob job =
          pipeline.generate(g -> g.count(count)).upload().train(t -> t.name("sql-nova-lite-v1"));
      System.out.println(
          job.dryRun()
              ? "Dry run: nothing was submitted; the request is in " + output
              : "Submitted " + job.jobId());
      return job.status();
    }
  }
}
