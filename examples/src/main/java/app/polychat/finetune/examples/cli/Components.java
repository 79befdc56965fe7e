package app.polychat.finetune.examples.cli;

import app.polychat.finetune.FineTuneException;
import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.polychat.SourceListener;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.source.JsonlExampleSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Chooses the pipeline's components from the settings: real services where they are configured, the
 * embedded defaults elsewhere, and says which it chose.
 */
final class Components {
  static final String DEFAULT_PROMPTS = "configs/strudel-prompts.json";
  private final Context context;
  private final Map<String, String> described = new LinkedHashMap<>();
  private int sampleCount;

  Components(Context context) {
    this.context = context;
  }

  /** The given prompt config, else ./configs/strudel-prompts.json, else the copy in the jar. */
  PromptCatalog prompts(Path given) {
    if (given != null) {
      return PromptCatalog.load(context.path(given));
    }
    Path local = context.workDir().resolve(DEFAULT_PROMPTS);
    if (Files.isRegularFile(local)) {
      return PromptCatalog.load(local);
    }
    InputStream bundled = Components.class.getResourceAsStream("/" + DEFAULT_PROMPTS);
    return PromptCatalog.load(bundled, "bundled " + DEFAULT_PROMPTS);
  }

  /** The teacher API when API_URL is set; otherwise the shipped sample set. */
  ExampleSource teacherOrSamples(Path datasetDir) {
    if (context.settings().get("API_URL").isPresent()) {
      return teacher(null, null, PolychatExampleSource.DEFAULT_MODEL, 8, 45, 28_000, null);
    }
    return samples(datasetDir);
  }

  /**
   * The Polychat API. Flags win over API_URL/API_KEY from the environment or .env.
   *
   * @throws FineTuneException naming the variable when no API URL is set
   */
  ExampleSource teacher(
      String apiUrl,
      String apiKey,
      String model,
      int concurrency,
      int requestsPerMinute,
      int tokensPerMinute,
      SourceListener listener) {
    String url =
        apiUrl != null
            ? apiUrl
            : context
                .settings()
                .get("API_URL")
                .orElseThrow(
                    () ->
                        new FineTuneException(
                            "no teacher API: set API_URL in the environment or .env, or pass --api-url"
                                + " (or --samples to use the shipped sample set)"));
    String key = apiKey != null ? apiKey : context.settings().get("API_KEY").orElse(null);
    PolychatExampleSource.Builder builder =
        PolychatExampleSource.builder()
            .apiUrl(url)
            .apiKey(key)
            .model(model)
            .resilience(
                r ->
                    r.requestsPerMinute(requestsPerMinute)
                        .tokensPerMinute(tokensPerMinute)
                        .maxConcurrentCalls(concurrency));
    if (listener != null) {
      builder.addListener(listener);
    }
    PolychatExampleSource source = builder.build();
    described.put("teacher", source.describe() + " at " + url);
    return source;
  }

  /** The shipped sample set of Strudel examples as the teacher. */
  ExampleSource samples(Path datasetDir) {
    Path samples = extractSamples(datasetDir);
    JsonlExampleSource source = JsonlExampleSource.open(samples);
    sampleCount = source.size();
    described.put(
        "teacher",
        "sample set ("
            + sampleCount
            + " Strudel examples shipped with the toolkit; set API_URL to call the Polychat API)");
    return source;
  }

  int defaultCount() {
    return sampleCount > 0 ? sampleCount : 300;
  }

  FineTunePipeline.Builder pipeline(
      PromptCatalog catalog,
      ExampleSource source,
      Path datasetDir,
      String project,
      boolean dryRun) {
    described.put(
        "store",
        "local folder "
            + Summaries.relative(context.workDir(), datasetDir.resolve("store"))
            + " (set BEDROCK_TRAINING_BUCKET to upload to S3)");
    described.put(
        "backend",
        "dry run: nothing is submitted (set BEDROCK_ROLE_ARN and BEDROCK_OUTPUT_BUCKET to train on Bedrock)");
    described.put("tracker", trackerDescription());
    return FineTunePipeline.builder()
        .prompts(catalog)
        .source(source)
        .outputDir(datasetDir)
        .project(project);
  }

  String trackerDescription() {
    return "memory (history is not kept between runs)";
  }

  Map<String, String> describe() {
    return described;
  }

  private static Path extractSamples(Path datasetDir) {
    try {
      Files.createDirectories(datasetDir);
      Path target = datasetDir.resolve("strudel-samples.jsonl");
      try (InputStream in =
          Components.class.getResourceAsStream("/samples/strudel-samples.jsonl")) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the sample set to " + datasetDir + ": " + e.getMessage(), e);
    }
  }
}
