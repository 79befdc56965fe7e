package app.polychat.finetune.report;

import app.polychat.finetune.cost.CostEstimate;
import app.polychat.finetune.cost.CostEstimator;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobSpec;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.track.JobRecord;
import app.polychat.finetune.track.TrackedValues;
import app.polychat.finetune.validate.DatasetStatistics;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a tracked job's settings back from its record: the hyperparameters and the other values
 * {@code Upload.train} keeps in the job's metadata.
 */
final class RecordedJob {
  /** Bedrock's hyperparameter names, in the order they are shown. */
  static final List<String> HYPERPARAMETERS =
      List.of("epochCount", "learningRate", "learningRateWarmupSteps", "batchSize");

  /** Job metadata keys a deployment is recorded under (by whoever deploys the model). */
  static final String DEPLOYMENT_PREFIX = "deployment";

  private RecordedJob() {}

  /** The hyperparameters sent with the job, as Bedrock took them (strings). */
  static Map<String, String> hyperparameters(JobRecord job) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : HYPERPARAMETERS) {
      String value = job.metadata().get(name);
      if (value != null) {
        out.put(name, value);
      }
    }
    return out;
  }

  /** The custom model's ARN once a status reported it, else null. */
  static String customModelArn(JobRecord job) {
    return job.metadata().get(TrackedValues.OUTPUT_MODEL_ARN);
  }

  static String trainUri(JobRecord job, DatasetRecord dataset) {
    String uri = job.metadata().get(TrackedValues.TRAIN_URI);
    if (uri == null && dataset != null) {
      uri = dataset.trainUri() != null ? dataset.trainUri() : dataset.trainPath();
    }
    return uri;
  }

  static String validationUri(JobRecord job, DatasetRecord dataset) {
    String uri = job.metadata().get("validationUri");
    return uri == null && dataset != null ? dataset.validationUri() : uri;
  }

  /** Deployment values recorded in the job's metadata ({@code deploymentArn}, ...), if any. */
  static Map<String, String> deployment(JobRecord job) {
    Map<String, String> out = new java.util.TreeMap<>();
    job.metadata()
        .forEach(
            (k, v) -> {
              if (k.startsWith(DEPLOYMENT_PREFIX)) {
                out.put(k, v);
              }
            });
    return out;
  }

  /**
   * What the job costs on this training data, estimated as {@code CostEstimator.job} does for a
   * spec about to be submitted.
   *
   * @throws IllegalArgumentException when the base model or teacher is not in the price table
   */
  static CostEstimate estimate(
      JobRecord job, DatasetRecord dataset, DatasetStatistics training, CostEstimator estimator) {
    String base = job.baseModel();
    if (base == null) {
      throw new IllegalArgumentException(
          "the history does not say which base model job " + job.jobId() + " trains");
    }
    String uri = trainUri(job, dataset);
    JobSpec.Builder spec =
        JobSpec.builder()
            .jobName(job.jobName() == null ? "job" : job.jobName())
            .baseModel(base)
            .trainingUri(
                URI.create(uri == null ? "unknown:training-data" : uri.replace(" ", "%20")));
    String teacher = job.metadata().get("teacherModel");
    if (job.type() == CustomizationType.DISTILLATION && teacher != null) {
      spec.type(CustomizationType.DISTILLATION).teacherModel(teacher);
    } else if (job.type() == CustomizationType.REINFORCEMENT_FINE_TUNING) {
      Map<String, String> meta = job.metadata();
      spec.reinforcement(
          r ->
              r.graderLambdaArn(meta.getOrDefault("graderLambdaArn", "unknown"))
                  .epochCount(integer(meta.get("rft.epochCount")))
                  .trainingSamplePerPrompt(integer(meta.get("rft.trainingSamplePerPrompt"))));
    } else {
      String epochs = job.metadata().get("epochCount");
      if (epochs != null) {
        spec.epochCount(Integer.valueOf(epochs));
      }
    }
    return estimator.job(spec.build(), training);
  }

  private static Integer integer(String value) {
    return value == null ? null : Integer.valueOf(value);
  }
}
