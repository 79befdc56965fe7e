package app.polychat.finetune.examples;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImportAndTrain} on an OpenAI-chat export, against S3Proxy and the Bedrock stand-in. */
class ImportAndTrainTest {
  @TempDir Path dir;

  @Test
  void importsFiltersAndDeduplicatesTheFileThenUploadsAndTrainsOnIt() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      lines.add(chat("What is " + i + " squared?", "It is " + i * i + "."));
    }
    lines.add(chat("What is 2 squared?", "It is 4.")); // an exact duplicate
    lines.add(chat("Show me code", "Here:\n```js\nlet x = 1;\n```\nand more prose")); // fenced
    Path input = Files.write(dir.resolve("export.jsonl"), lines);

    try (AwsStandIns aws = new AwsStandIns()) {
      JobStatus job = ImportAndTrain.run(aws.env(), input, dir.resolve("imported"));

      assertThat(job.state()).isEqualTo(JobState.IN_PROGRESS);
      Path train = dir.resolve("imported/train.jsonl");
      Path validation = dir.resolve("imported/validation.jsonl");
      assertThat(Files.readAllLines(train).size() + Files.readAllLines(validation).size())
          .isEqualTo(30);
      assertThat(aws.bedrock.createBodies).hasSize(1);
      JsonNode create = aws.bedrock.createBodies.get(0);
      assertThat(create.path("customizationType").asText()).isEqualTo("FINE_TUNING");
      assertThat(create.path("baseModelIdentifier").asText())
          .isEqualTo("amazon.nova-micro-v1:0:128k");
      assertThat(create.path("hyperParameters").path("epochCount").asText()).isEqualTo("2");
      String trainUri = create.path("trainingDataConfig").path("s3Uri").asText();
      assertThat(trainUri).startsWith("s3://" + AwsStandIns.TRAINING_BUCKET + "/imported/");
      assertThat(aws.read(trainUri)).isEqualTo(Files.readString(train)).contains("squared");
      String validationUri =
          create.path("validationDataConfig").path("validators").get(0).path("s3Uri").asText();
      assertThat(aws.read(validationUri)).isEqualTo(Files.readString(validation));
      try (SqliteRunTracker history = SqliteRunTracker.open(dir.resolve("imported/finetune.db"))) {
        assertThat(history.lineage(job.jobId()).orElseThrow().dataset().trainUri())
            .isEqualTo(trainUri);
      }
    }
  }

  private static String chat(String question, String answer) {
    return Json.write(
        Json.mapper()
            .createObjectNode()
            .set(
                "messages",
                Json.mapper()
                    .createArrayNode()
                    .add(
                        Json.mapper()
                            .createObjectNode()
                            .put("role", "user")
                            .put("content", question))
                    .add(
                        Json.mapper()
                            .createObjectNode()
                            .put("role", "assistant")
                            .put("content", answer))));
  }
}
