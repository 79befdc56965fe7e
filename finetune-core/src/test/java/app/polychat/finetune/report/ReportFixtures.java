package app.polychat.finetune.report;

import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.job.MetricPoint;
import app.polychat.finetune.job.StageStatus;
import app.polychat.finetune.track.JobRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A realistic Bedrock fine-tuning job for the report tests and the sample screenshots: no real job
 * runs offline, so its record, its status history (the sub-stages Bedrock reports, in the order and
 * at the pace a Nova Lite job on a small dataset goes through them) and its loss curves (several
 * rows per step, as Bedrock's CSVs have them, averaged per step) are made here, deterministically.
 */
public final class ReportFixtures {
  /** The shipped Strudel sample set, from a module folder. */
  public static final Path STRUDEL_SAMPLES =
      Path.of(
          "..",
          "finetune-strudel",
          "src",
          "main",
          "resources",
          "app",
          "polychat",
          "finetune",
          "strudel",
          "strudel-samples.jsonl");

  /** The Strudel prompt config, from a module folder. */
  public static final Path STRUDEL_PROMPTS = Path.of("..", "configs", "strudel-prompts.json");

  public static final String JOB_ARN =
      "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/amazon.nova-lite-v1:0:300k/k3x9q2m7v1ab";
  public static final String MODEL_ARN =
      "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-lite-v1:0:300k/7hq2n5c8w4zd";
  public static final String JOB_NAME = "strudel-nova-lite-v4";
  public static final Instant SUBMITTED = Instant.parse("2025-11-09T12:00:00Z");

  private ReportFixtures() {}

  /** The job as {@code Upload.train} records it. */
  public static JobRecord job(String datasetId, String trainUri, String validationUri) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("project", "strudel");
    metadata.put("trainUri", trainUri);
    if (validationUri != null) {
      metadata.put("validationUri", validationUri);
    }
    metadata.put("epochCount", "2");
    metadata.put("batchSize", "1");
    metadata.put("learningRate", "0.00001");
    metadata.put("learningRateWarmupSteps", "10");
    metadata.put("requestToken", "9f2c".repeat(16));
    metadata.put("backend", "bedrock:us-east-1");
    return new JobRecord(
        JOB_ARN,
        JOB_NAME,
        "amazon.nova-lite-v1:0:300k",
        JOB_NAME,
        CustomizationType.FINE_TUNING,
        JobState.IN_PROGRESS,
        datasetId,
        SUBMITTED,
        SUBMITTED,
        metadata);
  }

  /**
   * What {@code job watch} sees over two hours: validation, data processing, training with losses,
   * then the custom model.
   */
  public static List<JobStatus> statuses() {
    Instant t0 = SUBMITTED;
    Instant validated = t0.plus(Duration.ofMinutes(7));
    Instant processed = t0.plus(Duration.ofMinutes(21));
    Instant trained = t0.plus(Duration.ofMinutes(118));
    Instant done = t0.plus(Duration.ofMinutes(124));
    List<JobStatus> out = new ArrayList<>();
    out.add(
        status(
            t0.plusSeconds(40),
            JobState.IN_PROGRESS,
            List.of(
                new StageStatus("validation", "InProgress", t0, t0.plusSeconds(40)),
                new StageStatus("dataProcessing", "NotStarted", null, null),
                new StageStatus("training", "NotStarted", null, null)),
            null,
            null,
            null));
    out.add(
        status(
            processed.minusSeconds(300),
            JobState.IN_PROGRESS,
            List.of(
                new StageStatus("validation", "Completed", t0, validated),
                new StageStatus(
                    "dataProcessing", "InProgress", validated, processed.minusSeconds(300)),
                new StageStatus("training", "NotStarted", null, null)),
            null,
            null,
            null));
    out.add(
        status(
            processed.plusSeconds(60),
            JobState.IN_PROGRESS,
            List.of(
                new StageStatus("validation", "Completed", t0, validated),
                new StageStatus("dataProcessing", "Completed", validated, processed),
                new StageStatus("training", "InProgress", processed, processed.plusSeconds(60))),
            null,
            null,
            null));
    out.add(
        status(
            t0.plus(Duration.ofMinutes(58)),
            JobState.IN_PROGRESS,
            List.of(
                new StageStatus("validation", "Completed", t0, validated),
                new StageStatus("dataProcessing", "Completed", validated, processed),
                new StageStatus(
                    "training", "InProgress", processed, t0.plus(Duration.ofMinutes(58)))),
            null,
            0.8731,
            null));
    out.add(
        status(
            t0.plus(Duration.ofMinutes(92)),
            JobState.IN_PROGRESS,
            List.of(
                new StageStatus("validation", "Completed", t0, validated),
                new StageStatus("dataProcessing", "Completed", validated, processed),
                new StageStatus(
                    "training", "InProgress", processed, t0.plus(Duration.ofMinutes(92)))),
            null,
            0.5312,
            0.6104));
    JobStatus last =
        new JobStatus(
            JOB_ARN,
            JOB_NAME,
            JobState.COMPLETED,
            List.of(
                new StageStatus("validation", "Completed", t0, validated),
                new StageStatus("dataProcessing", "Completed", validated, processed),
                new StageStatus("training", "Completed", processed, trained)),
            null,
            MODEL_ARN,
            t0,
            done,
            done,
            0.4127,
            0.5196);
    out.add(last);
    return out;
  }

  private static JobStatus status(
      Instant at,
      JobState state,
      List<StageStatus> stages,
      String failure,
      Double trainingLoss,
      Double validationLoss) {
    return new JobStatus(
        JOB_ARN,
        JOB_NAME,
        state,
        stages,
        failure,
        null,
        SUBMITTED,
        at,
        null,
        trainingLoss,
        validationLoss);
  }

  /** One row of Bedrock's loss CSVs (before per-step averaging). */
  public record CsvRow(int step, int epoch, double loss) {}

  /**
   * Training loss rows as Bedrock writes them: {@code rowsPerStep} rows per step over {@code
   * epochs} epochs of {@code stepsPerEpoch} steps; the loss falls fast, then slowly, with noise.
   */
  public static List<CsvRow> trainingRows(int stepsPerEpoch, int epochs, int rowsPerStep) {
    Random random = new Random(7);
    List<CsvRow> rows = new ArrayList<>();
    for (int step = 1; step <= stepsPerEpoch * epochs; step++) {
      int epoch = (step - 1) / stepsPerEpoch;
      double mean = 0.36 + 1.95 * Math.exp(-step / 22.0) - 0.03 * epoch;
      for (int r = 0; r < rowsPerStep; r++) {
        rows.add(new CsvRow(step, epoch, Math.max(0.05, mean + random.nextGaussian() * 0.07)));
      }
    }
    return rows;
  }

  /** Validation loss rows: every {@code every} steps, one row each. */
  public static List<CsvRow> validationRows(int stepsPerEpoch, int epochs, int every) {
    Random random = new Random(11);
    List<CsvRow> rows = new ArrayList<>();
    for (int step = every; step <= stepsPerEpoch * epochs; step += every) {
      int epoch = (step - 1) / stepsPerEpoch;
      double mean = 0.47 + 1.7 * Math.exp(-step / 26.0);
      rows.add(new CsvRow(step, epoch, mean + random.nextGaussian() * 0.02));
    }
    return rows;
  }

  /** The rows averaged per step, as a backend returns them. */
  public static List<MetricPoint> metrics(List<CsvRow> training, List<CsvRow> validation) {
    Map<Integer, double[]> t = new java.util.TreeMap<>();
    Map<Integer, double[]> v = new java.util.TreeMap<>();
    Map<Integer, Integer> epochs = new java.util.TreeMap<>();
    for (CsvRow row : training) {
      double[] acc = t.computeIfAbsent(row.step(), k -> new double[3]);
      acc[0] += row.loss();
      acc[1]++;
      acc[2] += Math.exp(row.loss()); // the CSVs' perplexity column
      epochs.putIfAbsent(row.step(), row.epoch());
    }
    for (CsvRow row : validation) {
      double[] acc = v.computeIfAbsent(row.step(), k -> new double[3]);
      acc[0] += row.loss();
      acc[1]++;
      acc[2] += Math.exp(row.loss());
      epochs.putIfAbsent(row.step(), row.epoch());
    }
    List<MetricPoint> out = new ArrayList<>();
    epochs.forEach(
        (step, epoch) -> {
          double[] a = t.get(step);
          double[] b = v.get(step);
          out.add(
              new MetricPoint(
                  step,
                  epoch,
                  a == null ? null : a[0] / a[1],
                  b == null ? null : b[0] / b[1],
                  a == null ? null : a[2] / a[1],
                  b == null ? null : b[2] / b[1]));
        });
    return out;
  }

  /** 86 steps (43 records × 2 epochs), three rows per step, validation every 10 steps. */
  public static List<MetricPoint> metrics() {
    return metrics(trainingRows(43, 2, 3), validationRows(43, 2, 10));
  }

  /** Comparison results shaped as {@code ModelComparison} writes them. */
  public static String comparisonJson() {
    return """
        {
          "promptSource": "datasets/strudel/validation.jsonl",
          "prompts": 11,
          "scorer": "strudel",
          "checks": {"parses": "the answer is one Strudel expression", "noProse": "no prose around the code"},
          "settings": "temperature 0.2, max 1,000 output tokens",
          "startedAt": "2025-11-09T14:20:00Z",
          "elapsedMs": 48210,
          "pricesAsOf": "2025-11-09",
          "models": [
            {"label": "base", "modelId": "amazon.nova-lite-v1:0", "asked": 11, "answered": 11, "failed": 0,
             "meanScore": 0.5909, "compliantShare": 0.4545, "checkPassRates": {"parses": 0.6364, "noProse": 0.5455},
             "medianAnswerChars": 412, "latencyP50Ms": 1850, "latencyP95Ms": 3120, "meanInputTokens": 182.0,
             "meanOutputTokens": 236.4, "tokensEstimated": false, "costPer1000RequestsUsd": 0.0677},
            {"label": "fine-tuned", "modelId": "%s", "asked": 11, "answered": 11, "failed": 0,
             "meanScore": 0.9545, "compliantShare": 0.9091, "checkPassRates": {"parses": 1.0, "noProse": 0.9091},
             "medianAnswerChars": 198, "latencyP50Ms": 1210, "latencyP95Ms": 1980, "meanInputTokens": 182.0,
             "meanOutputTokens": 101.7, "tokensEstimated": false, "costPer1000RequestsUsd": 0.0353}
          ],
          "examples": [
            {"index": 0, "prompt": "A techno loop", "answers": [{"label": "base", "text": "Sure! Here is <b>code</b>"}]}
          ]
        }
        """
        .formatted(MODEL_ARN);
  }
}
