package app.polychat.finetune.examples;

import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.TrainingJob;
import app.polychat.finetune.bedrock.aws.AwsSettings;
import app.polychat.finetune.bedrock.training.BedrockCustomizationBackend;
import app.polychat.finetune.bedrock.training.S3DatasetStore;
import app.polychat.finetune.dataset.DatasetImporter;
import app.polychat.finetune.dataset.DatasetImporter.ImportResult;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.support.FineTuneException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Training on examples you already have, without a teacher: a file in any supported format (OpenAI
 * chat, prompt/completion, Bedrock conversation) goes through the same filters as generated
 * answers, exact duplicates are dropped, the rest is split into Bedrock JSONL, uploaded to S3 and
 * fine-tuned on Bedrock ({@code finetune dataset import}, then upload and {@code job create}).
 *
 * <p>Needs the settings of {@link TrainOnBedrock}. Run: {@code ./scripts/example ImportAndTrain
 * my-examples.jsonl [output-folder]}.
 */
public final class ImportAndTrain {
  private ImportAndTrain() {}

  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println("usage: ImportAndTrain <examples.jsonl> [output-folder]");
      System.exit(2);
    }
    Path output = Path.of(args.length > 1 ? args[1] : "datasets/imported");
    try {
      run(System.getenv(), Path.of(args[0]), output);
    } catch (IllegalArgumentException | FineTuneException e) { // names the file and line
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  static JobStatus run(Map<String, String> env, Path input, Path output) {
    ImportResult imported = DatasetImporter.builder().seed(42).build().importFile(input, output);
    System.out.printf(
        "Read %d %s records; kept %d; dropped %s%n",
        imported.read(),
        imported.inputFormatId(),
        imported.dataset().trainCount() + imported.dataset().validationCount(),
        imported.dropsByReason());
    // region, credentials, endpoints (AWS_ENDPOINT_URL_S3, ...) read once, as the AWS CLI does
    AwsSettings aws = AwsSettings.fromEnvironment(env);
    try (var tracker = SqliteRunTracker.open(output.resolve("finetune.db"));
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
            FineTunePipeline.builder().store(store).backend(backend).tracker(tracker).build()) {
      TrainingJob job =
          pipeline
              .dataset(imported.dataset().train(), imported.dataset().validation())
              .upload(u -> u.project("imported"))
              .train(t -> t.baseModel("amazon.nova-micro-v1:0:128k").epochs(2));
      JobStatus status = job.status();
      System.out.println("Fine-tuning job: " + job.jobId() + " (" + status.state() + ")");
      return status;
    }
  }
}
