package app.polychat.finetune.job;

import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A backend that trains nothing: it checks the job spec, writes the exact {@code
 * CreateModelCustomizationJob} request it would send to {@code dry-run-<job name>.json} in its
 * folder, and reports the job as {@link JobState#DRY_RUN}. Its defaults (role, KMS key, VPC) fill a
 * spec's gaps exactly as the Bedrock backend's do, idempotency token included, so the file is the
 * request the real backend would send. It never pretends a model was trained. The default backend
 * when no AWS settings are configured.
 *
 * <pre>{@code
 * CustomizationBackend backend = DryRunBackend.builder().directory(Path.of("datasets/strudel")).build();
 * }</pre>
 */
public final class DryRunBackend implements CustomizationBackend {
  /** Job ids of this backend start with this prefix. */
  public static final String ID_PREFIX = "dry-run:";

  private final Path directory;
  private final String roleArn;
  private final URI outputUri;
  private final String kmsKeyId;
  private final List<String> subnetIds;
  private final List<String> securityGroupIds;
  private final Clock clock;
  private final Map<String, JobStatus> jobs = new ConcurrentHashMap<>();
  private final Map<String, Path> requestFiles = new ConcurrentHashMap<>();
  private final java.util.function.Consumer<JobSpec> preflight;

  private DryRunBackend(Builder b) {
    this.directory =
        Objects.requireNonNull(b.directory, "directory is required: call directory(...)");
    this.roleArn = b.roleArn;
    this.outputUri = b.outputUri;
    this.kmsKeyId = b.kmsKeyId;
    this.subnetIds = b.subnetIds;
    this.securityGroupIds = b.securityGroupIds;
    this.clock = b.clock;
    this.preflight = b.preflight;
  }

  /**
   * Starts building a dry-run backend: every setting has a default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return whether a job id has the form this backend gives its jobs} Only for an id typed by a
   * user that neither a {@link JobHandle} nor the run history knows (they say {@link
   * JobHandle#dryRun()} and {@link app.polychat.finetune.track.JobRecord#dryRun()}): so {@code job
   * watch dry-run:x} is refused plainly instead of being sent to Bedrock.
   *
   * @param jobId the job id as typed
   */
  public static boolean isDryRunId(String jobId) {
    return jobId != null && jobId.startsWith(ID_PREFIX);
  }

  @Override
  public JobHandle submit(JobSpec given) {
    preflight.accept(given);
    JobSpec spec = withDefaults(given);
    ObjectNode request =
        CreateJobRequest.toJson(spec, roleArnOrPlaceholder(), outputUri(spec, clock.instant()));
    Path file = directory.resolve("dry-run-" + spec.jobName() + ".json");
    try {
      Files.createDirectories(directory);
      Files.writeString(file, Json.writePretty(request) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    String jobId = ID_PREFIX + spec.jobName();
    Instant now = clock.instant();
    jobs.put(
        jobId,
        new JobStatus(
            jobId,
            spec.jobName(),
            JobState.DRY_RUN,
            List.of(),
            null,
            null,
            now,
            now,
            now,
            null,
            null));
    requestFiles.put(jobId, file);
    return new JobHandle(jobId, spec.jobName(), now, spec.requestToken(), true);
  }

  /**
   * {@return where the request of a submitted job was written}
   *
   * @param jobId the job id this backend gave
   */
  public Path requestFile(String jobId) {
    Path file = requestFiles.get(jobId);
    if (file == null) {
      throw unknown(jobId);
    }
    return file;
  }

  /** The spec with this backend's role, KMS key and VPC where it has none, as Bedrock's does. */
  private JobSpec withDefaults(JobSpec spec) {
    JobSpec.Builder b = spec.toBuilder();
    if (spec.roleArn() == null && roleArn != null) {
      b.roleArn(roleArn);
    }
    if (spec.kmsKeyId() == null && kmsKeyId != null) {
      b.kmsKeyId(kmsKeyId);
    }
    if (spec.subnetIds().isEmpty() && spec.securityGroupIds().isEmpty() && !subnetIds.isEmpty()) {
      b.subnetIds(subnetIds).securityGroupIds(securityGroupIds);
    }
    return b.build();
  }

  private String roleArnOrPlaceholder() {
    return roleArn != null ? roleArn : "arn:aws:iam::<account-id>:role/<set BEDROCK_ROLE_ARN>";
  }

  private URI outputUri(JobSpec spec, Instant at) {
    if (spec.outputUri() != null) {
      return spec.outputUri();
    }
    URI base = outputUri != null ? outputUri : URI.create("s3://set-BEDROCK_OUTPUT_BUCKET/");
    return CreateJobRequest.outputUri(base, spec, at);
  }

  @Override
  public JobStatus describe(String jobId) {
    JobStatus status = jobs.get(jobId);
    if (status == null) {
      throw unknown(jobId);
    }
    return status;
  }

  @Override
  public Page<JobSummary> list(JobQuery query) {
    List<JobSummary> items = new ArrayList<>();
    jobs.values().stream()
        .filter(s -> query.nameContains() == null || s.jobName().contains(query.nameContains()))
        .sorted((a, b) -> b.createdAt().compareTo(a.createdAt()))
        .limit(query.maxResults())
        .forEach(
            s ->
                items.add(
                    new JobSummary(
                        s.jobId(),
                        s.jobName(),
                        s.state(),
                        null,
                        null,
                        null,
                        s.createdAt(),
                        s.endedAt())));
    return new Page<>(items, null);
  }

  @Override
  public void stop(String jobId) {
    describe(jobId);
  }

  @Override
  public List<MetricPoint> metrics(String jobId) {
    describe(jobId);
    return List.of();
  }

  /** Always true: nothing is submitted. */
  @Override
  public boolean dryRun() {
    return true;
  }

  @Override
  public String describeBackend() {
    return "dry-run (nothing is submitted; requests are written to " + directory + ")";
  }

  private static BackendException unknown(String jobId) {
    return new BackendException(
        "no dry-run job '"
            + jobId
            + "': the dry-run backend only knows jobs submitted in this process");
  }

  /** Builds a {@link DryRunBackend}. */
  public static final class Builder {
    private Path directory;
    private String roleArn;
    private URI outputUri;
    private String kmsKeyId;
    private List<String> subnetIds = List.of();
    private List<String> securityGroupIds = List.of();
    private Clock clock = Clock.systemUTC();
    private java.util.function.Consumer<JobSpec> preflight = spec -> {};

    private Builder() {}

    /**
     * Where request files are written.
     *
     * @param directory where request files are written
     * @return this builder
     */
    public Builder directory(Path directory) {
      this.directory = directory;
      return this;
    }

    /**
     * The role to show in the request (a placeholder otherwise).
     *
     * @param roleArn the role to show in the request (a placeholder otherwise)
     * @return this builder
     */
    public Builder roleArn(String roleArn) {
      this.roleArn = roleArn;
      return this;
    }

    /**
     * Where jobs whose spec names no output place write their outputs (default: under the request
     * folder).
     *
     * @param outputUri the output location, or null
     * @return this builder
     */
    public Builder outputUri(URI outputUri) {
      this.outputUri = outputUri;
      return this;
    }

    /**
     * The clock for the jobs' creation times (default: the system clock, UTC).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The KMS key for jobs whose spec names none, as on the Bedrock backend.
     *
     * @param kmsKeyId the KMS key for jobs whose spec names none, as on the Bedrock backend
     * @return this builder
     */
    public Builder kmsKeyId(String kmsKeyId) {
      this.kmsKeyId = kmsKeyId;
      return this;
    }

    /**
     * The VPC for jobs whose spec names none: 1-16 subnets and 1-5 security groups.
     *
     * @param subnetIds the subnets, 1 to 16
     * @param securityGroupIds the security groups, 1 to 5
     * @return this builder
     */
    public Builder vpc(List<String> subnetIds, List<String> securityGroupIds) {
      List<String> subnets = List.copyOf(subnetIds);
      List<String> groups = List.copyOf(securityGroupIds);
      if (subnets.isEmpty() || subnets.size() > 16 || groups.isEmpty() || groups.size() > 5) {
        throw new IllegalArgumentException(
            "a VPC needs 1-16 subnet ids and 1-5 security group ids, got "
                + subnets.size()
                + " and "
                + groups.size());
      }
      this.subnetIds = subnets;
      this.securityGroupIds = groups;
      return this;
    }

    /**
     * A check run on every spec before the request is written (the job-spec validator).
     *
     * @param preflight a check run on every spec before the request is written (the job-spec
     *     validator)
     * @return this builder
     */
    public Builder preflight(java.util.function.Consumer<JobSpec> preflight) {
      this.preflight = Objects.requireNonNull(preflight, "preflight");
      return this;
    }

    /**
     * Builds the backend.
     *
     * @return the backend
     */
    public DryRunBackend build() {
      return new DryRunBackend(this);
    }
  }
}
