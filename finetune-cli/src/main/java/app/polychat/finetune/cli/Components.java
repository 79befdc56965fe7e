package app.polychat.finetune.cli;

import app.polychat.finetune.FineTunePipeline;
import app.polychat.finetune.bedrock.training.BedrockCustomizationBackend;
import app.polychat.finetune.bedrock.training.S3DatasetStore;
import app.polychat.finetune.job.CustomizationBackend;
import app.polychat.finetune.job.DryRunBackend;
import app.polychat.finetune.prompt.PromptCatalog;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.store.DatasetStore;
import app.polychat.finetune.store.LocalDirectoryStore;
import app.polychat.finetune.strudel.StrudelPack;
import app.polychat.finetune.track.RunTracker;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the pipeline's components from the settings: real services where they are configured, the
 * embedded defaults elsewhere, and says which it chose.
 */
final class Components implements AutoCloseable {
  static final String DEFAULT_PROMPTS = "configs/strudel-prompts.json";
  private final Context context;
  private final Map<String, String> described = new LinkedHashMap<>();
  private RunTracker tracker;
  private final List<AutoCloseable> owned = new ArrayList<>();
  private final Teachers teachers;

  Components(Context context) {
    this.context = context;
    this.teachers = new Teachers(context, described);
  }

  /** The teachers, whose choice is described with the other components. */
  Teachers teachers() {
    return teachers;
  }

  /**
   * The given prompt config, else ./configs/strudel-prompts.json, else the Strudel pack's copy (a
   * resource of finetune-strudel).
   */
  PromptCatalog prompts(Path given) {
    if (given != null) {
      return PromptCatalog.load(context.path(given));
    }
    Path local = context.workDir().resolve(DEFAULT_PROMPTS);
    if (Files.isRegularFile(local)) {
      return PromptCatalog.load(local);
    }
    return StrudelPack.prompts();
  }

  FineTunePipeline.Builder pipeline(
      PromptCatalog catalog,
      ExampleSource source,
      Path datasetDir,
      String project,
      boolean dryRun) {
    described.put("tracker", trackerDescription());
    FineTunePipeline.Builder builder =
        FineTunePipeline.builder()
            .tracker(tracker())
            .store(store(datasetDir, false))
            .backend(backend(dryRun, datasetDir))
            .outputDir(datasetDir)
            .project(project);
    if (catalog != null) {
      builder.prompts(catalog);
    }
    if (source != null) {
      builder.source(source);
    }
    return builder;
  }

  /** S3 when BEDROCK_TRAINING_BUCKET is set, else a local folder beside the dataset. */
  DatasetStore store(Path datasetDir, boolean resume) {
    Optional<String> bucket = context.settings().get("BEDROCK_TRAINING_BUCKET");
    if (bucket.isEmpty()) {
      Path root = datasetDir.resolve("store");
      described.put(
          "store",
          "local folder "
              + Summaries.relative(context.workDir(), root)
              + " (set BEDROCK_TRAINING_BUCKET to upload to S3)");
      return LocalDirectoryStore.of(root);
    }
    described.put("store", "s3://" + bucket.get());
    return s3Store(bucket.get(), resume);
  }

  /** The S3 store of the training bucket. */
  S3DatasetStore s3Store(String bucket, boolean resume) {
    S3DatasetStore.Builder builder =
        S3DatasetStore.builder()
            .bucket(bucket)
            .aws(context.aws())
            .resume(resume)
            .listener(
                new UploadPrinter(context.err(), context.terminal().colour(), context.width()));
    return own(builder.build());
  }

  /**
   * Bedrock when BEDROCK_ROLE_ARN and BEDROCK_OUTPUT_BUCKET are set (and no dry run was asked for),
   * else the dry-run backend writing requests into {@code dir}.
   */
  CustomizationBackend backend(boolean dryRun, Path dir) {
    Optional<String> role = context.settings().get("BEDROCK_ROLE_ARN");
    Optional<String> output = context.settings().get("BEDROCK_OUTPUT_BUCKET");
    if (writesDryRun(dryRun)) {
      described.put(
          "backend",
          dryRun
              ? "dry run (--dry-run): nothing is submitted"
              : "dry run: nothing is submitted (set BEDROCK_ROLE_ARN and BEDROCK_OUTPUT_BUCKET to"
                  + " train on Bedrock)");
      DryRunBackend.Builder builder = DryRunBackend.builder().directory(dir);
      role.ifPresent(builder::roleArn);
      output.ifPresent(bucket -> builder.outputUri(URI.create("s3://" + bucket + "/")));
      // the same KMS key and VPC as the real backend: the request file is the exact request
      kmsKey().ifPresent(builder::kmsKeyId);
      vpc().ifPresent(v -> builder.vpc(v.get(0), v.get(1)));
      return builder.build();
    }
    return bedrock(role.get(), output.get());
  }

  /**
   * Whether {@link #backend} writes a dry run (asked for, or Bedrock not configured) instead of
   * submitting a job AWS bills.
   */
  boolean writesDryRun(boolean dryRunAsked) {
    return dryRunAsked
        || context.settings().get("BEDROCK_ROLE_ARN").isEmpty()
        || context.settings().get("BEDROCK_OUTPUT_BUCKET").isEmpty();
  }

  /** The Bedrock backend (role and bucket may be null for read-only commands). */
  BedrockCustomizationBackend bedrock(String role, String outputBucket) {
    BedrockCustomizationBackend.Builder builder =
        BedrockCustomizationBackend.builder().aws(context.aws());
    if (role != null) {
      builder.roleArn(role);
    }
    if (outputBucket != null) {
      builder.outputBucket(outputBucket);
    }
    kmsKey().ifPresent(builder::kmsKeyId);
    vpc().ifPresent(v -> builder.vpc(v.get(0), v.get(1)));
    BedrockCustomizationBackend backend = own(builder.build());
    described.put("backend", backend.describeBackend());
    return backend;
  }

  /** BEDROCK_KMS_KEY_ID (or the original toolkit's BEDROCK_KMS_KEY_ARN). */
  private Optional<String> kmsKey() {
    return context.settings().get("BEDROCK_KMS_KEY_ID");
  }

  /**
   * [subnet ids, security group ids] from BEDROCK_SUBNET_IDS and BEDROCK_SECURITY_GROUP_IDS (or the
   * original's BEDROCK_VPC_SUBNET_IDS and BEDROCK_VPC_SECURITY_GROUP_IDS), comma-separated; empty
   * when neither is set.
   *
   * @throws IllegalArgumentException when only one of the two is set
   */
  private Optional<List<List<String>>> vpc() {
    Optional<String> subnets = context.settings().get("BEDROCK_SUBNET_IDS");
    Optional<String> groups = context.settings().get("BEDROCK_SECURITY_GROUP_IDS");
    if (subnets.isEmpty() && groups.isEmpty()) {
      return Optional.empty();
    }
    if (subnets.isEmpty() || groups.isEmpty()) {
      throw new IllegalArgumentException(
          (subnets.isEmpty() ? "BEDROCK_SECURITY_GROUP_IDS" : "BEDROCK_SUBNET_IDS")
              + " is set without "
              + (subnets.isEmpty() ? "BEDROCK_SUBNET_IDS" : "BEDROCK_SECURITY_GROUP_IDS")
              + ": a job runs in a VPC only with both (1-16 subnets, 1-5 security groups),"
              + " comma-separated");
    }
    return Optional.of(
        List.of(
            List.of(subnets.get().trim().split("\\s*,\\s*")),
            List.of(groups.get().trim().split("\\s*,\\s*"))));
  }

  private <T extends AutoCloseable> T own(T resource) {
    owned.add(resource);
    return resource;
  }

  /** FINETUNE_DB, else ./datasets/.finetune.db in the working folder. */
  Path databasePath() {
    return context.path(
        context.settings().get("FINETUNE_DB").map(Path::of).orElse(SqliteRunTracker.DEFAULT_PATH));
  }

  /** The run history: the SQLite database, created on first use. */
  RunTracker tracker() {
    if (tracker == null) {
      tracker = SqliteRunTracker.open(databasePath());
    }
    return tracker;
  }

  String trackerDescription() {
    return "SQLite " + Summaries.relative(context.workDir(), databasePath());
  }

  /** Closes the clients and the tracker it opened. */
  @Override
  public void close() {
    for (AutoCloseable resource : owned) {
      try {
        resource.close();
      } catch (Exception e) {
        context.err().println("warning: cannot close " + resource + ": " + e.getMessage());
      }
    }
    if (tracker != null) {
      tracker.close();
    }
  }

  Map<String, String> describe() {
    return described;
  }
}
