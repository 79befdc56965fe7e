package app.polychat.finetune.bedrock.training;

import app.polychat.finetune.bedrock.aws.AwsService;
import app.polychat.finetune.bedrock.aws.AwsSettings;
import app.polychat.finetune.bedrock.internal.AwsClients;
import app.polychat.finetune.bedrock.internal.AwsExceptionMapper;
import app.polychat.finetune.bedrock.internal.AwsExceptionMapper.BedrockCall;
import app.polychat.finetune.bedrock.internal.ClientLease;
import app.polychat.finetune.bedrock.internal.S3Location;
import app.polychat.finetune.bedrock.training.internal.BedrockMapping;
import app.polychat.finetune.bedrock.training.internal.LossCsv;
import app.polychat.finetune.job.BackendException;
import app.polychat.finetune.job.CreateJobRequest;
import app.polychat.finetune.job.CustomizationBackend;
import app.polychat.finetune.job.JobHandle;
import app.polychat.finetune.job.JobQuery;
import app.polychat.finetune.job.JobSpec;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.job.JobSummary;
import app.polychat.finetune.job.MetricPoint;
import app.polychat.finetune.job.Page;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.ConflictException;
import software.amazon.awssdk.services.bedrock.model.CreateModelCustomizationJobRequest;
import software.amazon.awssdk.services.bedrock.model.FineTuningJobStatus;
import software.amazon.awssdk.services.bedrock.model.GetModelCustomizationJobResponse;
import software.amazon.awssdk.services.bedrock.model.ListModelCustomizationJobsRequest;
import software.amazon.awssdk.services.bedrock.model.ListModelCustomizationJobsResponse;
import software.amazon.awssdk.services.bedrock.model.SortJobsBy;
import software.amazon.awssdk.services.bedrock.model.SortOrder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Trains models with Amazon Bedrock model customization: fine-tuning and distillation jobs,
 * described, listed, stopped, and their loss curves read from the job's S3 outputs.
 *
 * <p><b>Idempotent submission.</b> The job's {@code clientRequestToken} is the {@link
 * JobSpec#requestToken()} of the spec with this backend's defaults (role, KMS key, VPC, tags)
 * filled in; when the spec already names them it is exactly the caller's token. The output folder's
 * timestamp is chosen at submission and is deliberately not part of the token, so the same spec
 * submitted again (after a timeout, from another process) carries the same token and Bedrock
 * ignores the repeat instead of billing a second job. Should Bedrock answer a repeat with {@code
 * ConflictException} (the job name exists), the backend looks the job up by name and returns it
 * when its token is ours.
 *
 * <p>Outputs go to {@code {outputUri}/{project}/{job name}/{UTC timestamp}/} unless the spec names
 * its own. Jobs and their models are tagged {@code project} and {@code dataset-hash} unless the
 * spec already carries those tags.
 *
 * <pre>{@code
 * try (BedrockCustomizationBackend backend = BedrockCustomizationBackend.builder()
 *     .region("us-east-1").roleArn(roleArn).outputUri(URI.create("s3://my-output-bucket/"))
 *     .build()) {
 *   JobHandle handle = backend.submit(spec);
 * }
 * }</pre>
 */
public final class BedrockCustomizationBackend implements CustomizationBackend {
  private static final Logger log = LoggerFactory.getLogger(BedrockCustomizationBackend.class);

  /** Tag naming the project a job belongs to (the pipeline sets the same key). */
  public static final String PROJECT_TAG = CreateJobRequest.PROJECT_TAG;

  /** Tag holding the training data's content hash (the pipeline sets the same key). */
  public static final String DATASET_TAG = CreateJobRequest.DATASET_TAG;

  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+");
  private static final String TRAINING_CSV = TrainingLossFiles.TRAINING_CSV;
  private static final String VALIDATION_CSV = TrainingLossFiles.VALIDATION_CSV;

  private final Region region;
  private final String roleArn;
  private final S3Location outputBase;
  private final String kmsKeyId;
  private final List<String> subnetIds;
  private final List<String> securityGroupIds;
  private final Map<String, String> tags;
  private final Clock clock;
  private final ClientLease<BedrockClient> bedrockLease;
  private final BedrockClient bedrock;
  private final ClientLease<S3Client> s3Lease;

  /** Output folders chosen per token, so a retry in this process sends the identical request. */
  private final Map<String, URI> outputByToken = new ConcurrentHashMap<>();

  private BedrockCustomizationBackend(Builder b) {
    AwsSettings aws = b.aws.build();
    this.roleArn = b.roleArn;
    this.outputBase = b.outputUri == null ? null : S3Location.parse(b.outputUri);
    this.kmsKeyId = b.kmsKeyId;
    this.subnetIds = b.subnetIds;
    this.securityGroupIds = b.securityGroupIds;
    this.tags = new TreeMap<>(b.tags);
    this.clock = b.clock;
    this.region =
        aws.bedrockClient()
            .map(c -> c.serviceClientConfiguration().region())
            .orElseGet(aws::region);
    // the SDK's default retries: AWS_MAX_ATTEMPTS is not applied to job calls
    this.bedrockLease =
        ClientLease.of(
            aws.bedrockClient(), () -> AwsClients.bedrock(aws, region, Optional.empty()));
    this.bedrock = bedrockLease.client();
    // built on first use: only the metrics read job outputs from S3
    this.s3Lease = ClientLease.of(aws.s3Client(), () -> AwsClients.s3(aws, region));
  }

  /**
   * Starts building a backend: every setting has a default, and the AWS settings come from the
   * environment unless given.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public JobHandle submit(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    JobSpec effective = withDefaults(spec);
    String token = effective.requestToken();
    URI output = outputByToken.computeIfAbsent(token, t -> outputFor(effective));
    CreateModelCustomizationJobRequest request =
        BedrockMapping.createRequest(effective, output, token, tagsFor(effective));
    BedrockCall call =
        new BedrockCall(
            "create "
                + spec.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + " job '"
                + spec.jobName()
                + "'",
            region.id(),
            effective.roleArn(),
            effective.baseModel(),
            null);
    String jobArn;
    try {
      jobArn = bedrock.createModelCustomizationJob(request).jobArn();
    } catch (ConflictException e) {
      jobArn =
          existingJobWithToken(spec.jobName(), token)
              .orElseThrow(() -> AwsExceptionMapper.toBackend(e, call));
      log.info("job {} was already submitted with this spec: reusing {}", spec.jobName(), jobArn);
    } catch (SdkException e) {
      throw AwsExceptionMapper.toBackend(e, call);
    }
    log.info(
        "submitted {} job {} as {} (outputs to {})", spec.type(), spec.jobName(), jobArn, output);
    return new JobHandle(jobArn, spec.jobName(), clock.instant(), token, false);
  }

  /** The spec with this backend's role, KMS key, VPC and tags where the spec has none. */
  JobSpec withDefaults(JobSpec spec) {
    JobSpec.Builder b = spec.toBuilder();
    if (spec.roleArn() == null) {
      if (roleArn == null) {
        throw new BackendException(
            "no IAM role for job '"
                + spec.jobName()
                + "': call roleArn(...) on the backend builder or the job, with a role Bedrock can"
                + " assume (trust policy for bedrock.amazonaws.com)");
      }
      b.roleArn(roleArn);
    }
    if (spec.kmsKeyId() == null && kmsKeyId != null) {
      b.kmsKeyId(kmsKeyId);
    }
    if (spec.subnetIds().isEmpty() && spec.securityGroupIds().isEmpty() && !subnetIds.isEmpty()) {
      b.subnetIds(subnetIds).securityGroupIds(securityGroupIds);
    }
    if (!tags.isEmpty()) {
      Map<String, String> merged = new TreeMap<>(tags);
      merged.putAll(spec.tags());
      b.tags(merged);
    }
    JobSpec effective = b.build();
    if (!ROLE_ARN.matcher(effective.roleArn()).matches()) {
      throw new BackendException(
          "'"
              + effective.roleArn()
              + "' is not an IAM role ARN: it looks like"
              + " arn:aws:iam::123456789012:role/BedrockFineTuning");
    }
    if (effective.subnetIds().isEmpty() != effective.securityGroupIds().isEmpty()) {
      throw new BackendException(
          "a VPC configuration needs both subnet ids (1-16) and security group ids (1-5)");
    }
    return effective;
  }

  private URI outputFor(JobSpec spec) {
    if (spec.outputUri() != null) {
      return spec.outputUri();
    }
    if (outputBase == null) {
      throw new BackendException(
          "no output location for job '"
              + spec.jobName()
              + "': call outputUri(\"s3://my-output-bucket/\") on the backend builder, or set the"
              + " job's outputUri");
    }
    return CreateJobRequest.outputUri(outputBase.toUri(), spec, clock.instant());
  }

  private static Map<String, String> tagsFor(JobSpec spec) {
    return CreateJobRequest.tags(spec);
  }

  private Optional<String> existingJobWithToken(String jobName, String token) {
    try {
      GetModelCustomizationJobResponse job =
          bedrock.getModelCustomizationJob(r -> r.jobIdentifier(jobName));
      return token.equals(job.clientRequestToken()) ? Optional.of(job.jobArn()) : Optional.empty();
    } catch (SdkException e) {
      log.debug("could not look up job {} after a conflict", jobName, e);
      return Optional.empty();
    }
  }

  @Override
  public JobStatus describe(String jobId) {
    return BedrockMapping.toStatus(getJob(jobId, "describe job '" + jobId + "'"));
  }

  private GetModelCustomizationJobResponse getJob(String jobId, String action) {
    Objects.requireNonNull(jobId, "jobId");
    try {
      return bedrock.getModelCustomizationJob(r -> r.jobIdentifier(jobId));
    } catch (SdkException e) {
      throw AwsExceptionMapper.toBackend(
          e, new BedrockCall(action, region.id(), null, null, jobId));
    }
  }

  @Override
  public Page<JobSummary> list(JobQuery query) {
    Objects.requireNonNull(query, "query");
    if (query.state() == JobState.DRY_RUN) {
      return new Page<>(List.of(), null); // Bedrock never holds a dry run
    }
    ListModelCustomizationJobsRequest.Builder request =
        ListModelCustomizationJobsRequest.builder()
            .maxResults(query.maxResults())
            .sortBy(SortJobsBy.CREATION_TIME)
            .sortOrder(SortOrder.DESCENDING);
    if (query.state() != null) {
      request.statusEquals(FineTuningJobStatus.fromValue(query.state().displayName()));
    }
    if (query.nameContains() != null) {
      request.nameContains(query.nameContains());
    }
    if (query.createdAfter() != null) {
      request.creationTimeAfter(query.createdAfter());
    }
    if (query.pageToken() != null) {
      request.nextToken(query.pageToken());
    }
    ListModelCustomizationJobsResponse response;
    try {
      response = bedrock.listModelCustomizationJobs(request.build());
    } catch (SdkException e) {
      throw AwsExceptionMapper.toBackend(
          e, new BedrockCall("list customization jobs", region.id(), null, null, null));
    }
    List<JobSummary> items = new ArrayList<>();
    response.modelCustomizationJobSummaries().forEach(j -> items.add(BedrockMapping.toSummary(j)));
    return new Page<>(items, response.nextToken());
  }

  @Override
  public void stop(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    try {
      bedrock.stopModelCustomizationJob(r -> r.jobIdentifier(jobId));
    } catch (SdkException e) {
      throw AwsExceptionMapper.toBackend(
          e, new BedrockCall("stop job '" + jobId + "'", region.id(), null, null, jobId));
    }
  }

  /**
   * Reads the loss curves Bedrock wrote under {@code {output}/model-customization-job-{job id}/}:
   * the step-wise training CSV and the validation CSV, found by file name wherever they lie below
   * that folder, each averaged per step.
   *
   * @return one point per step, ascending; empty while the job has written none
   */
  @Override
  public List<MetricPoint> metrics(String jobId) {
    GetModelCustomizationJobResponse job = getJob(jobId, "read the metrics of job '" + jobId + "'");
    if (job.outputDataConfig() == null || job.outputDataConfig().s3Uri() == null) {
      return List.of();
    }
    S3Location output = S3Location.parse(URI.create(job.outputDataConfig().s3Uri()));
    String arn = job.jobArn();
    String folder =
        output.prefix()
            + "model-customization-job-"
            + arn.substring(arn.lastIndexOf('/') + 1)
            + "/";
    String action =
        "read the metrics of job " + arn + " under s3://" + output.bucket() + "/" + folder;
    S3Client client = s3();
    try {
      Map<Integer, LossCsv.StepLoss> training = new TreeMap<>();
      Map<Integer, LossCsv.StepLoss> validation = new TreeMap<>();
      for (S3Object object :
          client.listObjectsV2Paginator(r -> r.bucket(output.bucket()).prefix(folder)).contents()) {
        String key = object.key();
        if (key.endsWith("/" + TRAINING_CSV)) {
          training.putAll(readCsv(client, output.bucket(), key, LossCsv.TRAINING_LOSS));
        } else if (key.endsWith("/" + VALIDATION_CSV)) {
          validation.putAll(readCsv(client, output.bucket(), key, LossCsv.VALIDATION_LOSS));
        }
      }
      return LossCsv.merge(training, validation);
    } catch (SdkException e) {
      throw AwsExceptionMapper.toBackendFromS3(e, output.bucket(), action, region.id());
    }
  }

  private static Map<Integer, LossCsv.StepLoss> readCsv(
      S3Client client, String bucket, String key, String lossColumn) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                client.getObject(r -> r.bucket(bucket).key(key)), StandardCharsets.UTF_8))) {
      return LossCsv.read(reader, lossColumn, "s3://" + bucket + "/" + key);
    } catch (IOException e) {
      throw new BackendException(
          "could not read s3://" + bucket + "/" + key + ": " + e.getMessage() + "; try again",
          e,
          true);
    } catch (IllegalArgumentException e) {
      throw new BackendException(
          "Bedrock's metrics file is not in the expected shape: " + e.getMessage(), e, false);
    }
  }

  private S3Client s3() {
    return s3Lease.client();
  }

  /** {@code bedrock:us-east-1}. */
  @Override
  public String describeBackend() {
    return "bedrock:" + region.id();
  }

  /** {@return the region jobs are created in} */
  public String region() {
    return region.id();
  }

  /** Closes the clients this backend built; injected clients stay open. */
  @Override
  public synchronized void close() {
    bedrockLease.close();
    s3Lease.close();
  }

  @Override
  public String toString() {
    return "BedrockCustomizationBackend{"
        + region.id()
        + (outputBase == null ? "" : ", " + outputBase)
        + "}";
  }

  /** Builds a {@link BedrockCustomizationBackend}. */
  public static final class Builder {
    private AwsSettings.Builder aws = AwsSettings.builder();
    private String roleArn;
    private URI outputUri;
    private String kmsKeyId;
    private List<String> subnetIds = List.of();
    private List<String> securityGroupIds = List.of();
    private Map<String, String> tags = Map.of();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The AWS settings: region, credentials, endpoints, clients to borrow (default {@link
     * AwsSettings#fromEnvironment()}). Replaces what the AWS setters of this builder set before it.
     *
     * @param aws the AWS settings: region, credentials, endpoints, clients to borrow (default
     *     {@link AwsSettings#fromEnvironment()})
     * @return this builder
     */
    public Builder aws(AwsSettings aws) {
      this.aws = Objects.requireNonNull(aws, "aws").toBuilder();
      return this;
    }

    /**
     * Where jobs run (default {@code AWS_REGION}, the profile's, else us-east-1).
     *
     * @param region where jobs run (default {@code AWS_REGION}, the profile's, else us-east-1)
     * @return this builder
     */
    public Builder region(String region) {
      aws.region(region);
      return this;
    }

    /**
     * The IAM role Bedrock assumes, for jobs whose spec names none.
     *
     * @param roleArn the IAM role Bedrock assumes, for jobs whose spec names none
     * @return this builder
     */
    public Builder roleArn(String roleArn) {
      this.roleArn = roleArn;
      return this;
    }

    /**
     * The output bucket (and optional folder): {@code s3://my-output-bucket/}.
     *
     * @param outputUri the output bucket (and optional folder): {@code s3://my-output-bucket/}
     * @return this builder
     */
    public Builder outputUri(URI outputUri) {
      if (outputUri != null) {
        S3Location.parse(outputUri); // fails now, naming the URI, rather than at submission
      }
      this.outputUri = outputUri;
      return this;
    }

    /**
     * The output bucket by name; same as {@code outputUri(URI.create("s3://" + bucket + "/"))}.
     *
     * @param bucket the output bucket by name; same as {@code outputUri(URI.create("s3://" + bucket
     *     + "/"))}
     * @return this builder
     */
    public Builder outputBucket(String bucket) {
      return outputUri(URI.create("s3://" + Objects.requireNonNull(bucket, "bucket") + "/"));
    }

    /**
     * A Bedrock client to use instead of building one; the backend does not close it.
     *
     * @param bedrockClient a Bedrock client to use instead of building one; the backend does not
     *     close it
     * @return this builder
     */
    public Builder bedrockClient(BedrockClient bedrockClient) {
      aws.bedrockClient(bedrockClient);
      return this;
    }

    /**
     * The S3 client that reads metrics from the output bucket; the backend does not close it.
     *
     * @param s3Client the S3 client that reads metrics from the output bucket; the backend does not
     *     close it
     * @return this builder
     */
    public Builder s3Client(S3Client s3Client) {
      aws.s3Client(s3Client);
      return this;
    }

    /**
     * Credentials for the clients the backend builds; default the SDK's chain.
     *
     * @param credentialsProvider credentials for the clients the backend builds; default the SDK's
     *     chain
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      aws.credentialsProvider(credentialsProvider);
      return this;
    }

    /**
     * A Bedrock endpoint (default {@code AWS_ENDPOINT_URL_BEDROCK}, then {@code AWS_ENDPOINT_URL},
     * then AWS).
     *
     * @param endpointOverride a Bedrock endpoint (default {@code AWS_ENDPOINT_URL_BEDROCK}, then
     *     {@code AWS_ENDPOINT_URL}, then AWS)
     * @return this builder
     */
    public Builder endpointOverride(URI endpointOverride) {
      aws.endpointOverride(AwsService.BEDROCK, endpointOverride);
      return this;
    }

    /**
     * A KMS key for the custom model, for jobs whose spec names none.
     *
     * @param kmsKeyId a KMS key for the custom model, for jobs whose spec names none
     * @return this builder
     */
    public Builder kmsKeyId(String kmsKeyId) {
      this.kmsKeyId = kmsKeyId;
      return this;
    }

    /**
     * Runs jobs in a VPC: 1-16 subnets and 1-5 security groups.
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
     * Tags added to every job and custom model (a job's own tags win).
     *
     * @param tags the tags, by key
     * @return this builder
     */
    public Builder tags(Map<String, String> tags) {
      this.tags = Map.copyOf(tags);
      return this;
    }

    /**
     * The clock for output folder timestamps and submission times.
     *
     * @param clock the clock for output folder timestamps and submission times
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Where {@code AWS_REGION}, {@code AWS_ENDPOINT_URL*} and, without a {@link
     * #credentialsProvider}, {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} or {@code
     * AWS_PROFILE} are read from; default the process.
     *
     * @param environment the variables, by name
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      aws.environment(environment);
      return this;
    }

    /**
     * Builds the backend; it closes the clients it built itself in {@code close()}.
     *
     * @return the backend
     */
    public BedrockCustomizationBackend build() {
      return new BedrockCustomizationBackend(this);
    }
  }
}
