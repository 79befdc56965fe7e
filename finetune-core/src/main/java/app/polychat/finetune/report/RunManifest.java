package app.polychat.finetune.report;

import app.polychat.finetune.support.Hashing;
import app.polychat.finetune.support.Json;
import app.polychat.finetune.support.Secrets;
import app.polychat.finetune.track.DatasetRecord;
import app.polychat.finetune.track.JobRecord;
import app.polychat.finetune.track.Lineage;
import app.polychat.finetune.track.RunRecord;
import app.polychat.finetune.track.RunSettings;
import app.polychat.finetune.track.RunTracker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One JSON document per trained model that says exactly what produced it: the prompt config's hash,
 * the teacher and the run's options, the run id, what the filters dropped and why, the split's seed
 * and ratio, the dataset's content hashes and URIs, the job's ARN and spec (hyperparameters), the
 * custom model's ARN, its deployment when one is recorded, and comparison results when given.
 *
 * <p>Built from {@link RunTracker#lineage} and the run's journal, counted by streaming it. Secrets
 * never reach it: the tracker stores the teacher's description and metadata masked. The JSON is
 * deterministic (same history, same bytes), so a manifest can itself be hashed and compared.
 *
 * <pre>{@code
 * RunManifest manifest = RunManifest.fromTracker(tracker, jobArn).orElseThrow();
 * manifest.writeTo(Path.of("datasets/strudel"));   // datasets/strudel/lineage-<job name>.json
 * System.out.println(manifest.toJson());
 * }</pre>
 */
public final class RunManifest {
  /** The manifest format's version, written as {@code manifestVersion}. */
  public static final int VERSION = 1;

  /** How many of the newest jobs are searched when a model ARN or name is given. */
  static final int JOBS_SEARCHED = 10_000;

  private final Lineage lineage;
  private final ObjectNode json;

  private RunManifest(Lineage lineage, ObjectNode json) {
    this.lineage = lineage;
    this.json = json;
  }

  /**
   * {@return the manifest of a job the tracker knows, found by job ARN or id, job name, custom
   * model ARN or custom model name; empty when none matches}
   *
   * @param tracker the run history
   * @param jobOrModel a job ARN, id or name, or a custom model ARN or name
   */
  public static Optional<RunManifest> fromTracker(RunTracker tracker, String jobOrModel) {
    Objects.requireNonNull(tracker, "tracker");
    Objects.requireNonNull(jobOrModel, "jobOrModel");
    Optional<Lineage> lineage = tracker.lineage(jobOrModel);
    if (lineage.isEmpty()) {
      lineage =
          tracker.jobs(JOBS_SEARCHED).stream()
              .filter(
                  j ->
                      jobOrModel.equals(RecordedJob.customModelArn(j))
                          || jobOrModel.equals(j.customModelName()))
              .findFirst()
              .flatMap(j -> tracker.lineage(j.jobId()));
    }
    return lineage.map(
        l -> {
          RunRecord run = l.run();
          JournalSummary journal = run == null ? null : JournalSummary.of(tracker, run.runId());
          return of(l, journal);
        });
  }

  /**
   * {@return the manifest of a lineage}
   *
   * @param journal the run's journal counted, or null (imported data, or not counted)
   * @param lineage the job with its dataset and run
   */
  public static RunManifest of(Lineage lineage, JournalSummary journal) {
    Objects.requireNonNull(lineage, "lineage");
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("manifestVersion", VERSION);
    JobRecord job = lineage.job();
    DatasetRecord dataset = lineage.dataset();
    ObjectNode model = root.putObject("model");
    model.put("customModelName", job.customModelName());
    model.put("customModelArn", RecordedJob.customModelArn(job));
    model.put("baseModel", job.baseModel());
    root.set("job", job(job, dataset));
    root.set("dataset", dataset == null ? null : dataset(dataset));
    root.set("generation", generation(lineage.run(), dataset, journal));
    Map<String, String> deployment = RecordedJob.deployment(job);
    if (deployment.isEmpty()) {
      root.putNull("deployment");
    } else {
      ObjectNode d = root.putObject("deployment");
      deployment.forEach(d::put);
    }
    root.putNull("comparison");
    return new RunManifest(lineage, root);
  }

  private static ObjectNode job(JobRecord job, DatasetRecord dataset) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("jobArn", job.jobId());
    node.put("jobName", job.jobName());
    node.put("type", job.type() == null ? null : job.type().name());
    node.put("state", job.state().displayName());
    node.put("createdAt", text(job.createdAt()));
    node.put("updatedAt", text(job.updatedAt()));
    ObjectNode spec = node.putObject("spec");
    spec.put("baseModel", job.baseModel());
    spec.put("customModelName", job.customModelName());
    spec.put("teacherModel", job.metadata().get("teacherModel"));
    spec.put("trainingUri", RecordedJob.trainUri(job, dataset));
    spec.put("validationUri", RecordedJob.validationUri(job, dataset));
    spec.put("project", job.metadata().get("project"));
    ObjectNode hyper = spec.putObject("hyperParameters");
    RecordedJob.hyperparameters(job).forEach(hyper::put);
    node.put("backend", job.metadata().get("backend"));
    node.put("datasetId", job.datasetId());
    return node;
  }

  private static ObjectNode dataset(DatasetRecord d) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("datasetId", d.datasetId());
    node.put("project", d.project());
    node.put("format", d.formatId());
    node.put("contentHash", d.contentHash());
    node.put("createdAt", text(d.createdAt()));
    ObjectNode split = node.putObject("split");
    putNumber(split, "seed", d.metadata().get("seed"));
    putNumber(split, "trainRatio", d.metadata().get("trainRatio"));
    var files = node.putArray("files");
    String trainHash = file(files, "training", d.trainPath(), d.trainUri(), d.trainCount());
    String validationHash =
        d.validationPath() == null && d.validationUri() == null
            ? "-"
            : file(files, "validation", d.validationPath(), d.validationUri(), d.validationCount());
    if (trainHash != null && validationHash != null && d.contentHash() != null) {
      // the same rule as LocalDataset.contentHash(): do the files still hold what was recorded?
      node.put(
          "filesMatchContentHash",
          d.contentHash()
              .equals(
                  app.polychat.finetune.dataset.LocalDataset.contentHash(
                      trainHash, "-".equals(validationHash) ? null : validationHash)));
    }
    return node;
  }

  /** Adds a file entry and returns its SHA-256, or null when the local file is not there. */
  private static String file(
      com.fasterxml.jackson.databind.node.ArrayNode files,
      String split,
      String path,
      String uri,
      long records) {
    ObjectNode f = files.addObject();
    f.put("split", split);
    f.put("path", path);
    f.put("uri", uri);
    f.put("records", records);
    String sha256 = null;
    if (path != null && Files.isRegularFile(Path.of(path))) {
      sha256 = Hashing.sha256Hex(Path.of(path));
    }
    f.put("sha256", sha256);
    return sha256;
  }

  private static JsonNode generation(RunRecord run, DatasetRecord dataset, JournalSummary journal) {
    if (run == null) {
      if (dataset == null || dataset.runId() == null) {
        return null; // imported files: no generation run behind them
      }
    }
    ObjectNode node = Json.mapper().createObjectNode();
    Map<String, String> meta = dataset == null ? Map.of() : dataset.metadata();
    node.put("runId", run != null ? run.runId() : dataset.runId());
    if (run != null) {
      node.put("startedAt", text(run.createdAt()));
      node.put("planHash", run.spec().planHash());
    }
    node.put(
        "promptConfigHash",
        run != null && run.spec().promptConfigHash() != null
            ? run.spec().promptConfigHash()
            : meta.get("promptConfigHash"));
    ObjectNode teacher = node.putObject("teacher");
    teacher.put("source", run == null ? null : Secrets.redactText(run.spec().source()));
    teacher.put("model", run == null ? null : run.spec().teacherModel());
    ObjectNode options = node.putObject("options");
    if (run != null) {
      RunSettings settings = run.spec().settings();
      if (!settings.complexities().isEmpty()) {
        settings.complexities().forEach(options.putArray("complexities")::add);
      }
      options.put("count", run.spec().plannedCount());
      if (settings.formatId() != null) {
        options.put("formatId", settings.formatId());
      }
      if (settings.seed() != null) {
        options.put("seed", settings.seed());
      }
      if (!settings.styles().isEmpty()) {
        settings.styles().forEach(options.putArray("styles")::add);
      }
      if (settings.trainRatio() != null) {
        options.put("trainRatio", settings.trainRatio());
      }
      node.put("planned", run.spec().plannedCount());
    } else {
      putNumber(node, "planned", meta.get("planned"));
    }
    if (journal != null) {
      node.put("kept", journal.done());
      node.put("failed", journal.failed());
      node.put("dropped", journal.dropped());
      ObjectNode failures = node.putObject("failuresByReason");
      journal.failuresByReason().forEach(failures::put);
      ObjectNode drops = node.putObject("dropsByReason");
      journal.dropsByReason().forEach(drops::put);
      node.put("teacherCalls", journal.attempts());
      ObjectNode tokens = node.putObject("teacherTokens");
      tokens.put("input", journal.inputTokens());
      tokens.put("output", journal.outputTokens());
    } else {
      // the counts the pipeline recorded with the dataset, when the journal was not read
      putNumber(node, "failed", meta.get("failed"));
      putNumber(node, "dropped", meta.get("dropped"));
    }
    return node;
  }

  /**
   * {@return this manifest with a model comparison's results (the JSON a comparison wrote; the
   * per-prompt answers are left out)}
   *
   * @param comparisonJson the JSON a comparison wrote
   * @param source where the JSON came from, for messages (a file name)
   * @throws ReportException when the text is not a JSON object
   */
  public RunManifest withComparison(String comparisonJson, String source) {
    ObjectNode copy = json.deepCopy();
    copy.set("comparison", Comparison.parse(comparisonJson, source).summary());
    return new RunManifest(lineage, copy);
  }

  /** {@return the lineage it was built from} */
  public Lineage lineage() {
    return lineage;
  }

  /** {@return the job's ARN or id} */
  public String jobId() {
    return lineage.job().jobId();
  }

  /** {@return the custom model's ARN, once the job reported it} */
  public Optional<String> customModelArn() {
    return Optional.ofNullable(RecordedJob.customModelArn(lineage.job()));
  }

  /** {@return the generation run behind the dataset; empty for imported data} */
  public Optional<String> runId() {
    return Optional.ofNullable(lineage.run())
        .map(RunRecord::runId)
        .or(() -> Optional.ofNullable(lineage.dataset()).map(DatasetRecord::runId));
  }

  /** {@return the folder of the dataset's local files, where the manifest is written by default} */
  public Optional<Path> datasetDirectory() {
    return Optional.ofNullable(lineage.dataset())
        .map(DatasetRecord::trainPath)
        .map(p -> Path.of(p).toAbsolutePath().getParent());
  }

  /**
   * {@code lineage-<job name>.json}, with characters unsafe in file names and S3 keys replaced.
   *
   * @return the file name for this manifest
   */
  public String fileName() {
    JobRecord job = lineage.job();
    String name = job.jobName() != null ? job.jobName() : job.jobId();
    String safe = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
    return "lineage-" + (safe.isEmpty() ? "job" : safe) + ".json";
  }

  /** {@return the manifest as pretty-printed JSON} */
  public String toJson() {
    return Json.writePretty(json) + "\n";
  }

  /** {@return the manifest as a JSON tree (a copy)} */
  public JsonNode toJsonNode() {
    return json.deepCopy();
  }

  /**
   * Writes {@link #toJson()} to {@link #fileName()} in {@code dir}, atomically, and returns the
   * file.
   *
   * @param dir the folder to write into; created when missing
   * @return the written file
   * @throws ReportException when it cannot be written
   */
  public Path writeTo(Path dir) {
    return AtomicFiles.write(Objects.requireNonNull(dir, "dir").resolve(fileName()), toJson());
  }

  /** {@return a short, readable form for a terminal} */
  public String toText() {
    StringBuilder out = new StringBuilder();
    JsonNode model = json.path("model");
    JsonNode job = json.path("job");
    line(out, "Model", model.path("customModelName").asText("-"));
    line(out, "  ARN", textOr(model.path("customModelArn"), "not reported yet"));
    line(out, "  base", textOr(model.path("baseModel"), "-"));
    line(out, "Job", job.path("jobArn").asText() + " (" + job.path("state").asText() + ")");
    JsonNode spec = job.path("spec");
    StringBuilder hyper = new StringBuilder();
    spec.path("hyperParameters")
        .properties()
        .forEach(
            e ->
                hyper
                    .append(hyper.length() == 0 ? "" : ", ")
                    .append(e.getKey())
                    .append('=')
                    .append(e.getValue().asText()));
    if (hyper.length() > 0) {
      line(out, "  hyperparameters", hyper.toString());
    }
    if (spec.hasNonNull("teacherModel")) {
      line(out, "  teacher", spec.get("teacherModel").asText());
    }
    line(out, "  training data", textOr(spec.path("trainingUri"), "-"));
    if (spec.hasNonNull("validationUri")) {
      line(out, "  validation data", spec.get("validationUri").asText());
    }
    JsonNode dataset = json.path("dataset");
    if (dataset.isObject()) {
      line(
          out,
          "Dataset",
          dataset.path("datasetId").asText() + " (" + dataset.path("format").asText() + ")");
      line(out, "  content hash", textOr(dataset.path("contentHash"), "-"));
      for (JsonNode f : dataset.path("files")) {
        line(
            out,
            "  " + f.path("split").asText(),
            String.format(
                Locale.ROOT,
                "%,d records, %s%s",
                f.path("records").asLong(),
                textOr(f.path("uri"), textOr(f.path("path"), "-")),
                f.hasNonNull("sha256")
                    ? " (sha256 " + f.get("sha256").asText().substring(0, 16) + "…)"
                    : ""));
      }
      JsonNode split = dataset.path("split");
      if (split.has("seed") || split.has("trainRatio")) {
        line(
            out,
            "  split",
            "seed "
                + textOr(split.path("seed"), "-")
                + ", training share "
                + textOr(split.path("trainRatio"), "-"));
      }
      if (dataset.has("filesMatchContentHash")) {
        line(
            out,
            "  files",
            dataset.get("filesMatchContentHash").asBoolean()
                ? "unchanged since they were recorded"
                : "CHANGED since they were recorded: the local files are not what the model was trained on");
      }
    } else {
      line(out, "Dataset", "not in the history (trained from URIs the tracker does not know)");
    }
    JsonNode gen = json.path("generation");
    if (gen.isObject()) {
      line(out, "Run", gen.path("runId").asText());
      line(out, "  teacher", textOr(gen.path("teacher").path("source"), "-"));
      if (gen.path("teacher").hasNonNull("model")) {
        line(out, "  teacher model", gen.path("teacher").get("model").asText());
      }
      line(out, "  prompt config", textOr(gen.path("promptConfigHash"), "-"));
      if (gen.has("kept")) {
        line(
            out,
            "  outcome",
            String.format(
                Locale.ROOT,
                "%,d planned: %,d kept, %,d dropped, %,d failed",
                gen.path("planned").asLong(),
                gen.path("kept").asLong(),
                gen.path("dropped").asLong(),
                gen.path("failed").asLong()));
      }
      gen.path("dropsByReason")
          .properties()
          .forEach(
              e ->
                  line(
                      out,
                      "  dropped",
                      String.format(Locale.ROOT, "%,5d  %s", e.getValue().asLong(), e.getKey())));
      gen.path("failuresByReason")
          .properties()
          .forEach(
              e ->
                  line(
                      out,
                      "  failed",
                      String.format(Locale.ROOT, "%,5d  %s", e.getValue().asLong(), e.getKey())));
    } else {
      line(out, "Run", "none (imported data)");
    }
    JsonNode deployment = json.path("deployment");
    line(out, "Deployment", deployment.isObject() ? deployment.toString() : "none recorded");
    JsonNode comparison = json.path("comparison");
    line(
        out,
        "Comparison",
        comparison.isObject()
            ? comparison.path("models").size() + " models compared"
            : "none given");
    return out.toString();
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(String.format(Locale.ROOT, "%-18s %s%n", key, value));
  }

  private static String textOr(JsonNode node, String fallback) {
    return node == null || node.isNull() || node.isMissingNode() ? fallback : node.asText();
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** A number when the text is one (seed 42, ratio 0.8), else the text, else nothing. */
  private static void putNumber(ObjectNode node, String key, String value) {
    if (value == null) {
      return;
    }
    try {
      if (value.matches("-?\\d+")) {
        node.put(key, Long.parseLong(value));
      } else {
        node.put(key, new java.math.BigDecimal(value));
      }
    } catch (NumberFormatException e) {
      node.put(key, value);
    }
  }

  @Override
  public String toString() {
    return "RunManifest{" + jobId() + ", run=" + runId().orElse("none") + "}";
  }
}
