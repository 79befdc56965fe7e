package app.polychat.finetune.report;

import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.TrainingJob;
import app.polychat.finetune.Upload;
import app.polychat.finetune.filter.FilterDecision;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.JsonlExampleSource;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.track.RunTracker;
import app.polychat.finetune.validate.DatasetValidator;
import app.polychat.finetune.validate.ValidationReport;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An end-to-end run on the embedded defaults: the shipped Strudel samples as the teacher, the
 * Strudel prompt config, a local store and the dry-run backend. It asks for 60 examples of a
 * 54-example set through a wrapper that hides the set's size (so the pipeline does not cap the
 * plan, and 6 requests fail: the set runs out), accepts the partial dataset, and drops answers
 * longer than 260 characters with a filter, so the journal has both failures and drops to report.
 */
record SampleRun(DatasetRecord dataset, ValidationReport validation, String jobId, JobStatus end) {
  static final String LONG_ANSWER = "answer longer than 260 characters";

  static SampleRun run(RunTracker tracker, Path dir) {
    try (JsonlExampleSource samples = JsonlExampleSource.open(ReportFixtures.STRUDEL_SAMPLES);
        FineTunePipeline pipeline =
            FineTunePipeline.builder()
                .prompts(PromptCatalog.load(ReportFixtures.STRUDEL_PROMPTS))
                .source(runsOut(samples))
                .tracker(tracker)
                .outputDir(dir)
                .project("strudel")
                .concurrency(2)
                .pollInterval(Duration.ofMillis(10))
                .addFilter(
                    example ->
                        example.conversation().lastAssistantText().orElse("").length() > 260
                            ? FilterDecision.drop(LONG_ANSWER)
                            : FilterDecision.keep(example))
                .build()) {
      Upload upload = pipeline.generate(g -> g.count(60).allowPartial(true)).upload();
      TrainingJob job = upload.train(t -> t.epochs(2));
      JobStatus end = job.await(Duration.ofSeconds(10), s -> {});
      DatasetRecord dataset = upload.record().orElseThrow();
      ValidationReport validation =
          DatasetValidator.builder()
              .build()
              .validate(
                  Path.of(dataset.trainPath()),
                  dataset.validationPath() == null ? null : Path.of(dataset.validationPath()));
      return new SampleRun(dataset, validation, job.jobId(), end);
    }
  }

  /** The samples as a teacher that does not say how many it holds, answering in plan order. */
  private static ExampleSource runsOut(JsonlExampleSource samples) {
    return new ExampleSource() {
      @Override
      public GeneratedExample generate(GenerationRequest request) {
        return samples.generate(request);
      }

      @Override
      public boolean prefersBulk() {
        return true;
      }

      @Override
      public String describe() {
        return samples.describe();
      }
    };
  }
}
