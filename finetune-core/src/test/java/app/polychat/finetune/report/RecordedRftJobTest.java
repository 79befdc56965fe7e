package app.polychat.finetune.report;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.cost.CostEstimate;
import app.polychat.finetune.cost.CostEstimator;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.track.JobRecord;
import app.polychat.finetune.validate.DatasetStatistics;
import app.polychat.finetune.validate.Distribution;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A recorded RFT job is never priced as fine-tuning in its report. */
class RecordedRftJobTest {
  @Test
  void estimate_ofARecordedRftJobSaysItCannotBePriced() {
    JobRecord job =
        new JobRecord(
            "dry-run:rft",
            "rft",
            "amazon.nova-2-lite-v1:0:256k",
            "rft",
            CustomizationType.REINFORCEMENT_FINE_TUNING,
            JobState.DRY_RUN,
            null,
            Instant.EPOCH,
            Instant.EPOCH,
            Map.of(
                "trainUri", "s3://b/train-rft.jsonl",
                "graderLambdaArn", "arn:aws:lambda:us-east-1:123456789012:function:g",
                "rft.epochCount", "3"));

    CostEstimate estimate =
        RecordedJob.estimate(job, null, statistics(200, 20_000), CostEstimator.withDefaultPrices());

    assertThat(estimate.complete()).isFalse();
    assertThat(estimate.items()).isEmpty();
    assertThat(estimate.notPriced().get(0)).contains("3 epochs").contains("200 prompts");
  }

  private static DatasetStatistics statistics(long records, long tokens) {
    int perRecord = (int) (tokens / records);
    return new DatasetStatistics(
        "train-rft.jsonl",
        "bedrock-rft",
        records * 2000,
        records,
        records,
        0,
        0,
        new Distribution(records, tokens, perRecord, perRecord, perRecord, perRecord),
        Distribution.EMPTY,
        Distribution.EMPTY,
        1,
        false,
        0,
        Map.of(),
        0,
        0);
  }
}
