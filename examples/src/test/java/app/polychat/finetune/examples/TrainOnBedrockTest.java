package app.polychat.finetune.examples;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TrainOnBedrock} against S3Proxy, the Bedrock stand-in and a real SQLite file. */
class TrainOnBedrockTest {
  @TempDir Path dir;

  @Test
  void generatesUploadsTrainsAndWatchesTheJobToCompleted() throws Exception {
    try (AwsStandIns aws = new AwsStandIns()) {
      aws.bedrock.completeAfter(2); // one describe in progress, then done

      JobStatus end = TrainOnBedrock.run(aws.env(), dir, Duration.ofMillis(10));

      assertThat(end.state()).isEqualTo(JobState.COMPLETED);
      assertThat(end.outputModelArn()).contains(":custom-model/amazon.nova-lite-v1:0:300k/");
      assertThat(aws.bedrock.createBodies).hasSize(1);
      JsonNode create = aws.bedrock.createBodies.get(0);
      assertThat(create.path("customizationType").asText()).isEqualTo("FINE_TUNING");
      assertThat(create.path("baseModelIdentifier").asText())
          .isEqualTo("amazon.nova-lite-v1:0:300k");
      assertThat(create.path("roleArn").asText()).isEqualTo(AwsStandIns.ROLE);
      assertThat(create.path("hyperParameters").path("epochCount").asText()).isEqualTo("2");
      assertThat(create.path("outputDataConfig").path("s3Uri").asText())
          .startsWith("s3://" + AwsStandIns.OUTPUT_BUCKET + "/");
      // what Bedrock trains on is byte for byte what was generated here
      String trainUri = create.path("trainingDataConfig").path("s3Uri").asText();
      assertThat(aws.read(trainUri)).isEqualTo(Files.readString(dir.resolve("train.jsonl")));
      assertThat(Files.readAllLines(dir.resolve("train.jsonl"))).hasSize(43);
      // and the SQLite history can say what produced the model
      try (SqliteRunTracker history = SqliteRunTracker.open(dir.resolve("finetune.db"))) {
        assertThat(history.job(end.jobId()).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        var lineage = history.lineage(end.jobId()).orElseThrow();
        assertThat(lineage.dataset().trainUri()).isEqualTo(trainUri);
        assertThat(lineage.run()).isNotNull();
      }
    }
  }
}
