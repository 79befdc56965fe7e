package app.polychat.finetune.examples;

import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.Generation;
import app.polychat.finetune.TrainingJob;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.source.JsonlExampleSource;
import app.polychat.finetune.strudel.StrudelPack;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The whole pipeline on embedded defaults, no account needed: the Strudel pack's prompt config and
 * sample set (classpath resources of {@code finetune-strudel}) play the teacher, files go to a
 * local folder, and the dry-run backend writes the Bedrock request it would send. The README's Java
 * example is the body of {@link #run}.
 *
 * <p>Run: {@code ./scripts/example QuickStart [output-folder]} (default {@code
 * datasets/quickstart}).
 */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) throws IOException {
    Path output = Path.of(args.length > 0 ? args[0] : "datasets/quickstart");
    Path samples = extractSampleSet(output);
    if (run(samples, output).state() == JobState.DRY_RUN) {
      System.out.println(
          "Dry run: nothing was submitted; the request Bedrock would get is in " + output);
    }
  }

  static JobStatus run(Path samples, Path output) throws IOException {
    // README:start
    try (var teacher = JsonlExampleSource.open(samples);
        var pipeline =
            FineTunePipeline.builder()
                .prompts(StrudelPack.prompts()) // the Strudel prompt config, a classpath resource
                .source(teacher) // or PolychatExampleSource.builder().apiUrl(...).build()
                .outputDir(output) // local store, in-memory tracker, dry-run backend by default
                .build()) {
      Generation generation = pipeline.generate(g -> g.count(54).seed(42));
      TrainingJob job =
          generation
              .upload(u -> u.project("strudel"))
              .train(t -> t.baseModel("amazon.nova-lite-v1:0:300k").epochs(2));
      JobStatus status = job.await(Duration.ofHours(4), s -> System.out.println(s.state()));
      System.out.printf(
          "train.jsonl (%d examples), validation.jsonl (%d examples)%n",
          generation.dataset().trainCount(), generation.dataset().validationCount());
      return status;
    }
    // README:end
  }

  /** Copies the bundled sample set next to the output, where the source can index it. */
  static Path extractSampleSet(Path output) throws IOException {
    return StrudelPack.copySamples(output);
  }
}
