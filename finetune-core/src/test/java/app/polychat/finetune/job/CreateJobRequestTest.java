package app.polychat.finetune.job;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.validate.BedrockRules;
import app.polychat.finetune.validate.JobSpecValidator;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CreateJobRequestTest {
  private static final Instant AT = Instant.parse("2025-11-09T12:00:00Z");

  private static JobSpec.Builder spec(String jobName) {
    return JobSpec.builder()
        .jobName(jobName)
        .customModelName("strudel-v2")
        .baseModel("amazon.nova-lite-v1:0:300k")
        .trainingUri(URI.create("s3://my-training-bucket/strudel/train.jsonl"))
        .roleArn("arn:aws:iam::123456789012:role/BedrockFineTuning");
  }

  @Test
  void outputUri_derivedFromAJobNameWithPlusHoldsOnlyCharactersBedrocksS3UriAccepts() {
    // JobName allows '+' ([a-zA-Z0-9](-*[a-zA-Z0-9\+\-\.])*), the S3Uri pattern's key segments do
    // not ([-!_*'().a-z0-9A-Z]+): botocore bedrock/2023-04-20/service-2.json
    JobSpec job = spec("strudel+v2.1").project("my project").build();
    assertThat(JobSpecValidator.validate(job)).isEmpty(); // a valid job name

    URI output = CreateJobRequest.outputUri(URI.create("s3://my-output-bucket/"), job, AT);

    assertThat(output)
        .isEqualTo(
            URI.create("s3://my-output-bucket/my-project/strudel-v2.1/2025-11-09T12-00-00/"));
    assertThat(BedrockRules.S3_URI.matcher(output.toString()).matches()).isTrue();
    assertThat(
            CreateJobRequest.toJson(job, null, output)
                .path("outputDataConfig")
                .path("s3Uri")
                .asText())
        .isEqualTo(output.toString());
  }

  @Test
  void outputUri_keepsNamesThatAreAlreadyValidKeySegments() {
    JobSpec job = spec("strudel-nova-lite-v4").project("strudel").build();
    assertThat(CreateJobRequest.outputUri(URI.create("s3://out/base"), job, AT))
        .isEqualTo(URI.create("s3://out/base/strudel/strudel-nova-lite-v4/2025-11-09T12-00-00/"));
    assertThat(CreateJobRequest.s3KeySegment("+++")).isEqualTo("-");
  }
}
