package app.polychat.finetune.examples;

import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.TrainingJob;
import app.polychat.finetune.bedrock.aws.AwsSettings;
import app.polychat.finetune.bedrock.training.BedrockCustomizationBackend;
import app.polychat.finetune.bedrock.training.S3DatasetStore;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.source.JsonlExampleSource;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.strudel.StrudelPack;
import app.polychat.finetune.support.FineTuneException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The whole pipeline on real AWS components: generate (the Strudel sample set plays the teacher;
 * see {@link GenerateFromPolychat} for Polychat), upload to S3, fine-tune Nova Lite on Bedrock, and
 * watch the job to its end, with every step recorded in a SQLite file. Training is billed.
 *
 * <p>Needs {@code BEDROCK_TRAINING_BUCKET}, {@code BEDROCK_OUTPUT_BUCKET}, {@code BEDROCK_ROLE_ARN}
 * and AWS credentials ({@code AWS_ACCESS_KEY_ID}, {@code AWS_PROFILE} or the SDK's default chain);
 * {@code AWS_REGION} and {@code AWS_ENDPOINT_URL_S3}/{@code AWS_ENDPOINT_URL_BEDROCK} are read as
 * the AWS CLI reads them. Run: {@code ./scripts/example TrainOnBedrock [output-folder]
 * [poll-seconds]}.
 */
public final class TrainOnBedrock {
  private TrainOnBedrock() {}

  public static void main(String[] args) {
    Path output = Path.of(args.length > 0 ? args[0] : "datasets/bedrock");
    Duration poll = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 60);
    try {
      JobStatus end = run(System.getenv(), output, poll);
      System.exit(end.state() == JobState.COMPLETED ? 0 : 1);
    } catch (IllegalArgumentException | FineTuneException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  static JobStatus run(Map<String, String> env, Path output, Duration poll) {
    // region, credentials, endpoints (AWS_ENDPOINT_URL_S3, ...) read once, as the AWS CLI does
    AwsSettings aws = AwsSettings.fromEnvironment(env);
    try (var teacher = JsonlExampleSource.open(StrudelPack.copySamples(output));
        var tracker = SqliteRunTracker.open(output.resolve("finetune.db"));
        var store =
            S3DatasetStore.builder()
                .bucket(Env.require(env, "BEDROCK_TRAINING_BUCKET"))
                .aws(aws)
                .build();
        var backend =
            BedrockCustomizationBackend.builder()
                .roleArn(Env.require(env, "BEDROCK_ROLE_ARN"))
                .outputBucket(Env.require(env, "BEDROCK_OUTPUT_BUCKET"))
                .aws(aws)
                .build();
        var pipeline =
            FineTunePipeline.builder()
                .prompts(StrudelPack.prompts())
                .source(teacher)
                .store(store)
                .backend(backend)
                .tracker(tracker)
                .outputDir(output)
                .pollInterval(poll) // Bedrock has no events: the job is polled
                .build()) {
      TrainingJob job =
          pipeline
              .generate(g -> g.count(54))
              .upload() // validated first: nothing Bedrock would refuse is uploaded
              .train(t -> t.baseModel("amazon.nova-lite-v1:0:300k").epochs(2));
      System.out.println("Submitted " + job.jobId());
      JobStatus end = job.await(Duration.ofHours(6), s -> System.out.println(s.state()));
      job.metrics()
          .forEach(p -> System.out.printf("step %d: loss %s%n", p.step(), p.trainingLoss()));
      System.out.println(
          end.state() + (end.outputModelArn() == null ? "" : ": " + end.outputModelArn()));
      return end;
    }
  }
}
