package app.polychat.finetune.examples;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DistillWithNova} against S3Proxy and the Bedrock stand-in. */
class DistillWithNovaTest {
  @TempDir Path dir;

  @Test
  void uploadsThePlannedPromptsAndSubmitsADistillationJobWithANovaTeacher() throws Exception {
    try (AwsStandIns aws = new AwsStandIns()) {
      JobStatus job = DistillWithNova.run(aws.env(), dir);

      assertThat(job.state()).isEqualTo(JobState.IN_PROGRESS);
      JsonNode create = aws.bedrock.createBodies.get(0);
      assertThat(aws.bedrock.createBodies).hasSize(1);
      assertThat(create.path("customizationType").asText()).isEqualTo("DISTILLATION");
      JsonNode teacher =
          create.path("customizationConfig").path("distillationConfig").path("teacherModelConfig");
      assertThat(teacher.path("teacherModelIdentifier").asText()).isEqualTo("amazon.nova-pro-v1:0");
      assertThat(create.path("baseModelIdentifier").asText())
          .isEqualTo("amazon.nova-lite-v1:0:300k");
      assertThat(create.has("hyperParameters")).isFalse(); // distillation takes none
      // 144 prompts (Bedrock wants 100 to 15,000), each a system prompt and one user turn
      List<String> prompts =
          aws.read(create.path("trainingDataConfig").path("s3Uri").asText()).lines().toList();
      assertThat(prompts).hasSize(144).doesNotHaveDuplicates();
      for (String line : prompts) {
        JsonNode record = Json.parse(line);
        assertThat(record.path("messages")).hasSize(1);
        assertThat(record.path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(record.path("system").get(0).path("text").asText()).contains("Strudel");
      }
    }
  }
}
