package app.polychat.finetune.examples;

import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.TrainingJob;
import app.polychat.finetune.bedrock.aws.AwsSettings;
import app.polychat.finetune.bedrock.training.BedrockCustomizationBackend;
import app.polychat.finetune.bedrock.training.S3DatasetStore;
import app.polychat.finetune.example.Conversation;
import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.format.BedrockPromptOnlyFormatter;
import app.polychat.finetune.format.JsonlWriter;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.strudel.StrudelPack;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.validate.DatasetValidator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Distillation with a Nova teacher: no answers are generated here. The Strudel prompt config plans
 * 144 prompts (every style × complexity × template), they are written without answers ({@code
 * bedrock-prompt-only}), checked against Bedrock's distillation rules (100 to 15,000 prompts),
 * uploaded, and a DISTILLATION job lets Nova Pro answer them and teach Nova Lite.
 *
 * <p>Needs the settings of {@link TrainOnBedrock}. Run: {@code ./scripts/example DistillWithNova
 * [output-folder]}; then watch the job with {@code ./finetune job watch <job-arn>}.
 */
public final class DistillWithNova {
  private DistillWithNova() {}

  public static void main(String[] args) {
    Path output = Path.of(args.length > 0 ? args[0] : "datasets/distill");
    try {
      run(System.getenv(), output);
    } catch (IllegalArgumentException | FineTuneException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  static JobStatus run(Map<String, String> env, Path output) {
    Path prompts = output.resolve("prompts.jsonl");
    try (JsonlWriter writer = JsonlWriter.create(prompts)) {
      for (GenerationRequest ask :
          StrudelPack.prompts().plan(144, List.of(), List.of(), 0).requests()) {
        Conversation prompt = Conversation.prompt(ask.systemPrompt(), ask.prompt());
        writer.write(TrainingExample.of(prompt), new BedrockPromptOnlyFormatter());
      }
      writer.commit(); // renamed into place only now: never half a file
    }
    // region, credentials, endpoints (AWS_ENDPOINT_URL_S3, ...) read once, as the AWS CLI does
    AwsSettings aws = AwsSettings.fromEnvironment(env);
    try (var store =
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
                .store(store)
                .backend(backend)
                .validator( // Bedrock's rules for distillation prompts, not fine-tuning records
                    DatasetValidator.builder()
                        .model("amazon.nova-lite-v1:0:300k")
                        .method(CustomizationType.DISTILLATION)
                        .format(BedrockPromptOnlyFormatter.FORMAT_ID)
                        .build())
                .build()) {
      TrainingJob job =
          pipeline
              .dataset(prompts, null)
              .upload(u -> u.project("strudel-distill"))
              .train(
                  t ->
                      t.distillFrom("amazon.nova-pro-v1:0")
                          .baseModel("amazon.nova-lite-v1:0:300k"));
      System.out.println("Distillation job: " + job.jobId());
      return job.status();
    }
  }
}
