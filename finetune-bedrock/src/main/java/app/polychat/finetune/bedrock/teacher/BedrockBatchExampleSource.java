package app.polychat.finetune.bedrock.teacher;

import app.polychat.finetune.bedrock.aws.AwsService;
import app.polychat.finetune.bedrock.aws.AwsSettings;
import app.polychat.finetune.bedrock.internal.AwsClients;
import app.polychat.finetune.bedrock.internal.AwsExceptionMapper;
import app.polychat.finetune.bedrock.internal.AwsExceptionMapper.BedrockCall;
import app.polychat.finetune.bedrock.internal.ClientLease;
import app.polychat.finetune.bedrock.internal.S3Location;
import app.polychat.finetune.bedrock.teacher.internal.BatchChunk;
import app.polychat.finetune.bedrock.teacher.internal.BatchCollector;
import app.polychat.finetune.bedrock.teacher.internal.BatchInputWriter;
import app.polychat.finetune.bedrock.teacher.internal.ConverseMessages;
import app.polychat.finetune.bedrock.teacher.internal.IndexRanges;
import app.polychat.finetune.source.BulkRun;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationOutcome;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceCancelledException;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.source.SourceListener;
import app.polychat.finetune.source.SourceUnavailableException;
import app.polychat.finetune.support.Hashing;
import app.polychat.finetune.validate.BedrockRules;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.ConflictException;
import software.amazon.awssdk.services.bedrock.model.CreateModelInvocationJobRequest;
import software.amazon.awssdk.services.bedrock.model.GetModelInvocationJobResponse;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobStatus;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobSummary;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationType;
import software.amazon.awssdk.services.bedrock.model.S3InputFormat;
import software.amazon.awssdk.services.bedrock.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrock.model.ThrottlingException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A teacher for large plans: Amazon Bedrock batch inference. The requests still to do are written
 * as batch input files to S3 (one JSON line per request, {@code recordId} = the request's stable
 * id, {@code modelInput} = a Converse request body), one {@code CreateModelInvocationJob} per file
 * of the {@code Converse} invocation type, watched with {@code GetModelInvocationJob} until it
 * ends, then its {@code .jsonl.out} results are streamed back from S3 and matched to the requests
 * by {@code recordId}. Each result is handed to the engine as it is read, so it is journaled at
 * once; a record Bedrock could not answer, or one missing from the output, is journaled as a
 * failure with its reason. Batch inference is billed at about half the on-demand price ({@link
 * app.polychat.finetune.cost.CostEstimator#teacherGenerationBatch}).
 *
 * <p><b>Never paying twice.</b> Before anything is sent, the plan's requests are divided into jobs
 * of {@linkplain Builder#minRecordsPerJob between 100} and {@linkplain Builder#maxRecordsPerJob
 * 50,000} records ({@link BedrockRules}) and each job is recorded in the run's checkpoints with its
 * idempotency token (a hash of the run, the job's number, the model, the inference settings and the
 * request ids). The job's ARN is recorded as soon as Bedrock returns it. A rerun of the same plan
 * re-attaches to the jobs it finds there: it polls them, and collects only the results not yet
 * journaled. A crash between submission and the checkpoint is covered by the token: submitting the
 * same job again returns the job Bedrock already has. Ctrl-C stops waiting, not the jobs (they run
 * on, and the next run collects them), unless {@link Builder#stopJobsOnCancel} asks to stop them.
 *
 * <p>Fewer requests than a job's minimum (a small plan, or a few left to retry) cannot go into a
 * batch job: they are asked of the {@linkplain Builder#smallBatchFallback fallback teacher} (the
 * same model on demand, typically), or recorded as failures that say so.
 *
 * <pre>{@code
 * try (BedrockBatchExampleSource teacher = BedrockBatchExampleSource.builder()
 *     .model("us.anthropic.claude-sonnet-4-5-20250929-v1:0")
 *     .roleArn("arn:aws:iam::123456789012:role/BedrockBatchInference")
 *     .location(URI.create("s3://my-training-bucket/batch-inference/"))
 *     .build()) {
 *   GenerationEngine.builder().source(teacher).tracker(tracker).build().run(plan, options);
 * }
 * }</pre>
 */
public final class BedrockBatchExampleSource implements ExampleSource {
  private static final Logger log = LoggerFactory.getLogger(BedrockBatchExampleSource.class);

  /** How often a job's status is asked when nothing else is set (as AWS's samples do). */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(60);

  /** The folder under the bucket where input and output files go when none is given. */
  public static final String DEFAULT_PREFIX = "batch-inference/";

  private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9_-]+");

  private final String model;
  private final String roleArn;
  private final S3Location location;
  private final Region region;
  private final ConverseMessages.Inference inference;
  private final int minRecordsPerJob;
  private final int maxRecordsPerJob;
  private final Duration pollInterval;
  private final Integer timeoutHours;
  private final ExampleSource fallback;
  private final boolean stopJobsOnCancel;
  private final BedrockClient bedrock;
  private final ClientLease<BedrockClient> bedrockLease;
  private final S3Client s3;
  private final ClientLease<S3Client> s3Lease;
  private final SourceListener listener;

  /** Bumped by {@link #cancelPending()}: a session started in an older epoch stops. */
  private final AtomicLong epoch = new AtomicLong();

  private final AtomicBoolean closed = new AtomicBoolean();
  private final Set<String> runningJobs = ConcurrentHashMap.newKeySet();

  private BedrockBatchExampleSource(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model is required: call model(...)");
    this.roleArn = Objects.requireNonNull(b.roleArn, "roleArn is required: call roleArn(...)");
    this.location =
        Objects.requireNonNull(b.location, "location is required: call location(s3://bucket/...)");
    if (b.maxRecordsPerJob < 2 * b.minRecordsPerJob) {
      throw new IllegalArgumentException(
          "maxRecordsPerJob ("
              + b.maxRecordsPerJob
              + ") must be at least twice minRecordsPerJob ("
              + b.minRecordsPerJob
              + ") so that every job of a split plan reaches the minimum");
    }
    this.inference = new ConverseMessages.Inference(b.maxTokens, b.temperature);
    this.minRecordsPerJob = b.minRecordsPerJob;
    this.maxRecordsPerJob = b.maxRecordsPerJob;
    this.pollInterval = b.pollInterval;
    this.timeoutHours = b.timeoutHours;
    this.fallback = b.fallback;
    this.stopJobsOnCancel = b.stopJobsOnCancel;
    this.listener = SourceListener.all(b.listeners);
    AwsSettings aws = b.aws.build();
    this.region =
        aws.bedrockClient()
            .map(c -> c.serviceClientConfiguration().region())
            .orElseGet(aws::region);
    this.bedrockLease =
        ClientLease.of(
            aws.bedrockClient(), () -> AwsClients.bedrock(aws, region, aws.maxAttempts()));
    this.bedrock = bedrockLease.client();
    this.s3Lease = ClientLease.of(aws.s3Client(), () -> AwsClients.s3(aws, region));
    this.s3 = s3Lease.client();
  }

  /**
   * {@return a builder; {@link Builder#model}, {@link Builder#roleArn} and a location are required}
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Always true: this teacher answers whole plans. */
  @Override
  public boolean prefersBulk() {
    return true;
  }

  /**
   * One request on its own cannot be a batch job: it is asked of the {@linkplain
   * Builder#smallBatchFallback fallback teacher} when there is one.
   *
   * @throws SourceException when there is no fallback teacher
   */
  @Override
  public GeneratedExample generate(GenerationRequest request) {
    return generate(request, SourceListener.NONE);
  }

  /**
   * As {@link #generate(GenerationRequest)}; the fallback teacher tells {@code listener} about the
   * call's retries and rate-limit waits.
   */
  @Override
  public GeneratedExample generate(GenerationRequest request, SourceListener listener) {
    Objects.requireNonNull(listener, "listener");
    if (fallback != null) {
      return fallback.generate(request, listener);
    }
    throw new SourceException(
        "a batch inference job needs at least "
            + minRecordsPerJob
            + " requests; ask single requests of BedrockConverseExampleSource (--source bedrock)",
        false);
  }

  /**
   * Answers the requests through batch jobs, re-attaching to the jobs the run's checkpoints already
   * hold; returns when every job is collected, or when the run stops.
   *
   * @throws SourceUnavailableException when Bedrock or S3 refuses the work (credentials, access,
   *     the role, a model without batch support): nothing more can succeed until that is fixed
   */
  @Override
  public void generateAll(List<GenerationRequest> requests, BulkRun run) {
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(run, "run");
    if (closed.get()) {
      throw new IllegalStateException("this BedrockBatchExampleSource is closed");
    }
    new Session(requests, run).execute();
  }

  /**
   * Stops the batch jobs this source submitted or found that are still running ({@code
   * StopModelInvocationJob}); Bedrock bills the records already processed, and the next run
   * collects what they answered. Jobs that already ended are left alone.
   *
   * @return the jobs asked to stop
   */
  public List<String> stopJobs() {
    List<String> stopped = new ArrayList<>();
    for (String arn : List.copyOf(runningJobs)) {
      try {
        bedrock.stopModelInvocationJob(r -> r.jobIdentifier(arn));
        stopped.add(arn);
        log.info("asked Bedrock to stop batch job {}", arn);
      } catch (ConflictException e) {
        log.info("batch job {} has already ended", arn);
      } catch (SdkException e) {
        log.warn(
            "could not stop batch job {}: {}",
            arn,
            AwsExceptionMapper.toSource(e, callAbout("stop batch job " + arn, arn)).getMessage());
      }
      runningJobs.remove(arn);
    }
    return stopped;
  }

  /**
   * The run is stopping: stop waiting for jobs and reading results (what was read is journaled);
   * the jobs themselves run on unless {@link Builder#stopJobsOnCancel} was set. A later {@link
   * #generateAll} (a resumed run) goes ahead.
   */
  @Override
  public void cancelPending() {
    epoch.incrementAndGet();
    if (fallback != null) {
      fallback.cancelPending();
    }
  }

  /** {@code bedrock-batch:<model>}. */
  @Override
  public String describe() {
    return "bedrock-batch:" + model;
  }

  /** The model or inference profile that answers. */
  @Override
  public Optional<String> teacherModel() {
    return Optional.of(model);
  }

  /** {@return the model or inference profile the jobs run} */
  public String model() {
    return model;
  }

  /** {@return the region the jobs run in} */
  public String region() {
    return region.id();
  }

  /**
   * Closes the clients this source built (and the fallback teacher); injected clients stay open.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    bedrockLease.close();
    s3Lease.close();
    if (fallback != null) {
      fallback.close();
    }
  }

  @Override
  public String toString() {
    return "BedrockBatchExampleSource{model="
        + model
        + ", region="
        + region.id()
        + ", location="
        + location
        + ", recordsPerJob="
        + minRecordsPerJob
        + ".."
        + maxRecordsPerJob
        + ", pollInterval="
        + pollInterval
        + "}";
  }

  private BedrockCall call(String action) {
    return new BedrockCall(action, region.id(), roleArn, model, null);
  }

  private BedrockCall callAbout(String action, String jobArn) {
    return BedrockCall.about(action, region.id(), "batch inference job '" + jobArn + "'");
  }

  /** One {@link #generateAll} call: the run's jobs, from plan to collected results. */
  private final class Session {
    private final BulkRun run;
    private final List<GenerationRequest> requests;
    private final List<BatchChunk> chunks = new ArrayList<>();
    private final Map<Integer, List<GenerationRequest>> requestsOf = new LinkedHashMap<>();
    private final long started = epoch.get();
    private volatile boolean interrupted;

    /** The builder's listeners and the run's. */
    private final SourceListener events;

    Session(List<GenerationRequest> requests, BulkRun run) {
      this.requests = requests;
      this.run = run;
      this.events = SourceListener.all(List.of(listener, run.events()));
    }

    void execute() {
      for (GenerationRequest request : requests) {
        if (!RECORD_ID.matcher(request.id()).matches()
            || request.id().length() > BedrockRules.BATCH_MAX_RECORD_ID_LENGTH) {
          throw new SourceUnavailableException(
              "request id '"
                  + request.id()
                  + "' cannot be a batch recordId (letters, digits, '-' and '_', at most "
                  + BedrockRules.BATCH_MAX_RECORD_ID_LENGTH
                  + " characters); plan the requests with PromptCatalog, or use --source bedrock",
              null,
              0);
        }
      }
      List<GenerationRequest> uncovered = assignToKnownJobs();
      planNewJobs(uncovered);
      for (BatchChunk chunk : chunks) {
        if (chunk.state() == BatchChunk.State.SUBMITTED) {
          runningJobs.add(chunk.jobArn());
          log.info("re-attaching to batch job {} ({} records)", chunk.jobArn(), chunk.count());
          events.onBulkJobStarted(chunk.jobArn(), chunk.count(), true);
        }
      }
      while (true) {
        if (stopping()) {
          onStop();
          return;
        }
        boolean waiting = false;
        for (int i = 0; i < chunks.size() && !stopping(); i++) {
          BatchChunk chunk = chunks.get(i);
          if (chunk.state() == BatchChunk.State.PLANNED) {
            chunk = submit(chunk);
          }
          if (chunk.state() == BatchChunk.State.SUBMITTED) {
            chunk = poll(chunk);
          }
          chunks.set(i, chunk);
          waiting |= chunk.state() != BatchChunk.State.COLLECTED;
        }
        if (!waiting) {
          return;
        }
        if (!stopping()) {
          pause(pollInterval);
        }
      }
    }

    private boolean stopping() {
      return interrupted || epoch.get() != started || run.stopping();
    }

    /**
     * Reads the run's jobs from its checkpoints and gives each its requests still to do; returns
     * the requests no open job covers. A planned job whose requests changed since (another teacher
     * answered some) is given up before it was sent.
     */
    private List<GenerationRequest> assignToKnownJobs() {
      run.checkpoints().entrySet().stream()
          .filter(e -> e.getKey().startsWith(BatchChunk.KEY_PREFIX))
          .map(e -> BatchChunk.fromJson(e.getKey(), e.getValue()))
          .sorted(Comparator.comparingInt(BatchChunk::number))
          .forEach(chunks::add);
      List<BatchChunk> open =
          chunks.stream().filter(c -> c.state() != BatchChunk.State.COLLECTED).toList();
      Map<Integer, IndexRanges> positions = new LinkedHashMap<>();
      open.forEach(c -> positions.put(c.number(), c.positions()));
      List<GenerationRequest> uncovered = new ArrayList<>();
      for (GenerationRequest request : requests) {
        Integer owner = null;
        for (BatchChunk chunk : open) {
          if (positions.get(chunk.number()).contains(request.index())) {
            owner = chunk.number();
            break;
          }
        }
        if (owner == null) {
          uncovered.add(request);
        } else {
          requestsOf.computeIfAbsent(owner, n -> new ArrayList<>()).add(request);
        }
      }
      for (int i = 0; i < chunks.size(); i++) {
        BatchChunk chunk = chunks.get(i);
        List<GenerationRequest> mine = requestsOf.getOrDefault(chunk.number(), List.of());
        boolean changed = chunk.state() == BatchChunk.State.PLANNED && mine.size() != chunk.count();
        boolean nothingLeft = chunk.state() != BatchChunk.State.COLLECTED && mine.isEmpty();
        if (changed || nothingLeft) {
          BatchChunk done = chunk.collected(changed ? "Superseded" : chunk.status());
          run.checkpoint(done.key(), done.toJson());
          chunks.set(i, done);
          if (changed) {
            uncovered.addAll(mine);
            requestsOf.remove(chunk.number());
          }
        }
      }
      uncovered.sort(Comparator.comparingInt(GenerationRequest::index));
      return uncovered;
    }

    /** Divides the uncovered requests into jobs within the limits and records them. */
    private void planNewJobs(List<GenerationRequest> uncovered) {
      if (uncovered.isEmpty()) {
        return;
      }
      if (uncovered.size() < minRecordsPerJob) {
        askOneByOne(uncovered);
        return;
      }
      int jobs = (uncovered.size() + maxRecordsPerJob - 1) / maxRecordsPerJob;
      int next = chunks.stream().mapToInt(BatchChunk::number).max().orElse(-1) + 1;
      int from = 0;
      for (int j = 0; j < jobs; j++) {
        int size = uncovered.size() / jobs + (j < uncovered.size() % jobs ? 1 : 0);
        List<GenerationRequest> part = List.copyOf(uncovered.subList(from, from + size));
        from += size;
        BatchChunk chunk = plan(next++, part);
        run.checkpoint(chunk.key(), chunk.toJson()); // durable before anything is sent
        chunks.add(chunk);
        requestsOf.put(chunk.number(), part);
      }
      log.info(
          "{} requests planned as {} batch job{} of {} to {} records",
          uncovered.size(),
          jobs,
          jobs == 1 ? "" : "s",
          minRecordsPerJob,
          maxRecordsPerJob);
    }

    private BatchChunk plan(int number, List<GenerationRequest> part) {
      StringBuilder ids = new StringBuilder();
      part.forEach(r -> ids.append(r.id()).append('\n'));
      String token =
          Hashing.sha256Hex(
              "finetune-batch|v1|"
                  + run.runId()
                  + "|"
                  + number
                  + "|"
                  + model
                  + "|"
                  + inference.maxTokens()
                  + "|"
                  + inference.temperature()
                  + "|"
                  + Hashing.sha256Hex(ids.toString()));
      String jobName = "finetune-batch-" + token.substring(0, 16) + "-" + number;
      String folder = location.prefix() + jobName + "/";
      return new BatchChunk(
          number,
          token,
          jobName,
          folder + "input.jsonl",
          folder + "output/",
          part.size(),
          IndexRanges.of(part.stream().map(GenerationRequest::index).toList()).toString(),
          BatchChunk.State.PLANNED,
          null,
          null);
    }

    /** Too few for a job: the fallback teacher, one by one, or a failure that says why. */
    private void askOneByOne(List<GenerationRequest> few) {
      if (fallback == null) {
        SourceException tooFew =
            new SourceException(
                "a Bedrock batch job needs at least "
                    + minRecordsPerJob
                    + " records and only "
                    + few.size()
                    + " are left to ask: generate these with --source bedrock (on demand), or plan"
                    + " more examples",
                false);
        few.forEach(r -> run.deliver(GenerationOutcome.failed(r, tooFew)));
        return;
      }
      log.info(
          "{} requests are fewer than a batch job's minimum of {}: asking {} on demand",
          few.size(),
          minRecordsPerJob,
          fallback.describe());
      for (GenerationRequest request : few) {
        if (stopping()) {
          return;
        }
        try {
          run.deliver(GenerationOutcome.answered(request, fallback.generate(request, events)));
        } catch (SourceCancelledException e) {
          return;
        } catch (SourceException e) {
          run.deliver(GenerationOutcome.failed(request, e));
          if (e instanceof SourceUnavailableException) {
            throw e;
          }
        }
      }
    }

    /** Uploads the job's input and creates the job; a job Bedrock cannot take yet stays planned. */
    private BatchChunk submit(BatchChunk chunk) {
      List<GenerationRequest> mine = requestsOf.get(chunk.number());
      upload(chunk, mine);
      CreateModelInvocationJobRequest.Builder create =
          CreateModelInvocationJobRequest.builder()
              .jobName(chunk.jobName())
              .roleArn(roleArn)
              .clientRequestToken(chunk.idempotencyId())
              .modelId(model)
              .modelInvocationType(ModelInvocationType.CONVERSE)
              .inputDataConfig(
                  c ->
                      c.s3InputDataConfig(
                          s -> s.s3InputFormat(S3InputFormat.JSONL).s3Uri(uri(chunk.inputKey()))))
              .outputDataConfig(c -> c.s3OutputDataConfig(s -> s.s3Uri(uri(chunk.outputPrefix()))));
      if (timeoutHours != null) {
        create.timeoutDurationInHours(timeoutHours);
      }
      BedrockCall what = call("create batch job '" + chunk.jobName() + "'");
      String arn;
      try {
        arn = bedrock.createModelInvocationJob(create.build()).jobArn();
      } catch (ConflictException e) {
        arn =
            jobWithToken(chunk)
                .orElseThrow(
                    () ->
                        new SourceUnavailableException(
                            AwsExceptionMapper.toSource(e, what).getMessage(), e, 400));
      } catch (ServiceQuotaExceededException | ThrottlingException e) {
        log.info(
            "Bedrock cannot take batch job {} yet ({}); trying again in {}",
            chunk.jobName(),
            e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage(),
            pollInterval);
        return chunk;
      } catch (SdkException e) {
        SourceException mapped = AwsExceptionMapper.toSource(e, what);
        if (mapped.retryable() && !(mapped instanceof SourceUnavailableException)) {
          log.warn("{}; trying again in {}", mapped.getMessage(), pollInterval);
          return chunk;
        }
        // a refused job (role, S3 location, a model without batch support) refuses every job
        throw mapped instanceof SourceUnavailableException
            ? mapped
            : new SourceUnavailableException(mapped.getMessage(), e, mapped.httpStatus());
      }
      BatchChunk submitted = chunk.submitted(arn);
      run.checkpoint(submitted.key(), submitted.toJson());
      runningJobs.add(arn);
      log.info("submitted batch job {} ({} records) as {}", chunk.jobName(), chunk.count(), arn);
      events.onBulkJobStarted(arn, chunk.count(), false);
      return submitted;
    }

    private void upload(BatchChunk chunk, List<GenerationRequest> mine) {
      Path file = null;
      try {
        file = Files.createTempFile("finetune-batch-", ".jsonl");
        long bytes = BatchInputWriter.write(file, mine, inference);
        if (bytes > BedrockRules.BATCH_MAX_INPUT_FILE_BYTES) {
          throw new SourceUnavailableException(
              "the batch input of "
                  + mine.size()
                  + " records is "
                  + bytes
                  + " bytes, over Bedrock's 1 GB per file; set a lower maxRecordsPerJob",
              null,
              0);
        }
        s3.putObject(
            r -> r.bucket(location.bucket()).key(chunk.inputKey()).contentType("application/jsonl"),
            RequestBody.fromFile(file));
      } catch (SdkException e) {
        throw AwsExceptionMapper.toSourceFromS3(
            e, location.bucket(), "upload the batch input " + chunk.inputKey(), region.id());
      } catch (IOException e) {
        throw new SourceException("cannot write the batch input file: " + e.getMessage(), e, true);
      } finally {
        if (file != null) {
          try {
            Files.deleteIfExists(file);
          } catch (IOException e) {
            log.debug("could not delete {}", file, e);
          }
        }
      }
    }

    /**
     * After a conflict on the name: the job Bedrock holds under that name, when the token is ours.
     */
    private java.util.Optional<String> jobWithToken(BatchChunk chunk) {
      try {
        for (ModelInvocationJobSummary job :
            bedrock
                .listModelInvocationJobsPaginator(r -> r.nameContains(chunk.jobName()))
                .invocationJobSummaries()) {
          if (chunk.jobName().equals(job.jobName())
              && chunk.idempotencyId().equals(job.clientRequestToken())) {
            return java.util.Optional.of(job.jobArn());
          }
        }
      } catch (SdkException e) {
        log.debug("could not look up batch job {} after a conflict", chunk.jobName(), e);
      }
      return java.util.Optional.empty();
    }

    /** Asks the job's status; once it has ended, collects its results. */
    private BatchChunk poll(BatchChunk chunk) {
      GetModelInvocationJobResponse job;
      try {
        job = bedrock.getModelInvocationJob(r -> r.jobIdentifier(chunk.jobArn()));
      } catch (SdkException e) {
        SourceException mapped =
            AwsExceptionMapper.toSource(
                e, callAbout("watch batch job " + chunk.jobArn(), chunk.jobArn()));
        if (mapped instanceof SourceUnavailableException) {
          throw mapped;
        }
        log.warn("{}; asking again in {}", mapped.getMessage(), pollInterval);
        return chunk;
      }
      String status = job.statusAsString();
      long processed = job.processedRecordCount() == null ? -1 : job.processedRecordCount();
      events.onBulkJobStatus(chunk.jobArn(), status, processed, chunk.count());
      BatchChunk seen = chunk.withStatus(status);
      if (!Objects.equals(status, chunk.status())) {
        log.info("batch job {}: {}", chunk.jobArn(), status);
        run.checkpoint(seen.key(), seen.toJson());
      }
      if (!ended(job.status())) {
        return seen;
      }
      BatchCollector collector =
          new BatchCollector(s3, location.bucket(), region.id(), model, run, () -> stopping());
      BatchCollector.Result result =
          collector.collect(seen, job, requestsOf.getOrDefault(chunk.number(), List.of()));
      if (!result.complete()) {
        return seen; // stopped, or the download broke off: the next poll or run reads it again
      }
      BatchChunk collected = seen.collected(status);
      run.checkpoint(collected.key(), collected.toJson());
      runningJobs.remove(chunk.jobArn());
      log.info(
          "batch job {} collected: {} answered, {} failed",
          chunk.jobArn(),
          result.answered(),
          result.failed());
      events.onBulkJobCollected(chunk.jobArn(), result.answered(), result.failed());
      return collected;
    }

    private void onStop() {
      if (runningJobs.isEmpty()) {
        return;
      }
      if (stopJobsOnCancel) {
        stopJobs();
        return;
      }
      log.info(
          "batch job(s) {} keep running on Bedrock: run the same command again to collect their"
              + " results (nothing is submitted twice)",
          runningJobs);
    }

    private void pause(Duration wait) {
      long deadline = System.nanoTime() + wait.toNanos();
      for (long left = wait.toNanos(); left > 0 && !stopping(); ) {
        LockSupport.parkNanos(Math.min(left, 50_000_000L));
        if (Thread.currentThread().isInterrupted()) {
          interrupted = true;
          return;
        }
        left = deadline - System.nanoTime();
      }
    }

    private String uri(String key) {
      return "s3://" + location.bucket() + "/" + key;
    }
  }

  private static boolean ended(ModelInvocationJobStatus status) {
    return status == ModelInvocationJobStatus.COMPLETED
        || status == ModelInvocationJobStatus.PARTIALLY_COMPLETED
        || status == ModelInvocationJobStatus.FAILED
        || status == ModelInvocationJobStatus.STOPPED
        || status == ModelInvocationJobStatus.EXPIRED;
  }

  /** Builds a {@link BedrockBatchExampleSource}. */
  public static final class Builder {
    private AwsSettings.Builder aws = AwsSettings.builder();
    private String model;
    private String roleArn;
    private S3Location location;
    private Integer maxTokens = BedrockConverseExampleSource.DEFAULT_MAX_TOKENS;
    private Float temperature;
    private int minRecordsPerJob = BedrockRules.BATCH_MIN_RECORDS_PER_JOB;
    private int maxRecordsPerJob = BedrockRules.BATCH_MAX_RECORDS_PER_JOB;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Integer timeoutHours;
    private ExampleSource fallback;
    private boolean stopJobsOnCancel;
    private final List<SourceListener> listeners = new ArrayList<>();

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
     * The model or inference profile the jobs run (required); it must support batch inference.
     *
     * @param model the model or inference profile the jobs run (required); it must support batch
     *     inference
     * @return this builder
     */
    public Builder model(String model) {
      Objects.requireNonNull(model, "model");
      if (model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank");
      }
      this.model = model.trim();
      return this;
    }

    /**
     * The service role Bedrock assumes to read the input and write the output (required): trusted
     * by {@code bedrock.amazonaws.com}, with {@code s3:GetObject}, {@code s3:ListBucket} and {@code
     * s3:PutObject} on the bucket.
     *
     * @param roleArn the service role Bedrock assumes to read the input and write the output
     *     (required): trusted by {@code bedrock.amazonaws.com}, with {@code s3:GetObject}, {@code
     *     s3:ListBucket} and {@code s3:PutObject} on the bucket
     * @return this builder
     */
    public Builder roleArn(String roleArn) {
      Objects.requireNonNull(roleArn, "roleArn");
      if (!BedrockRules.ROLE_ARN.matcher(roleArn).matches()
          || roleArn.length() > BedrockRules.MAX_ROLE_ARN_LENGTH) {
        throw new IllegalArgumentException(
            "'"
                + roleArn
                + "' is not an IAM role ARN: it looks like"
                + " arn:aws:iam::123456789012:role/BedrockBatchInference");
      }
      this.roleArn = roleArn;
      return this;
    }

    /**
     * Where input and output files go: {@code s3://bucket/folder/} (required).
     *
     * @param location where input and output files go: {@code s3://bucket/folder/} (required)
     * @return this builder
     */
    public Builder location(URI location) {
      S3Location parsed = S3Location.parse(Objects.requireNonNull(location, "location"));
      if (!BedrockRules.S3_URI.matcher(parsed.toString()).matches()) {
        throw new IllegalArgumentException(
            "'"
                + location
                + "' is not an S3 location Bedrock accepts: a lower-case bucket name, and a folder"
                + " of letters, digits and - _ . ! * ' ( )");
      }
      this.location = parsed;
      return this;
    }

    /**
     * The bucket, with files under {@value #DEFAULT_PREFIX}.
     *
     * @param bucket the bucket, with files under {@value #DEFAULT_PREFIX}
     * @return this builder
     */
    public Builder bucket(String bucket) {
      return location(
          URI.create("s3://" + Objects.requireNonNull(bucket, "bucket") + "/" + DEFAULT_PREFIX));
    }

    /**
     * The region (default {@code AWS_REGION}, the profile's, else us-east-1).
     *
     * @param region the region (default {@code AWS_REGION}, the profile's, else us-east-1)
     * @return this builder
     */
    public Builder region(String region) {
      aws.region(region);
      return this;
    }

    /**
     * The longest answer, in tokens (default 4096).
     *
     * @param maxTokens the longest answer, in tokens (default 4096)
     * @return this builder
     */
    public Builder maxTokens(int maxTokens) {
      if (maxTokens < 1) {
        throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * Sampling temperature from 0 to 1; null (the default) leaves the model's own.
     *
     * @param temperature sampling temperature from 0 to 1; null (the default) leaves the model's
     *     own
     * @return this builder
     */
    public Builder temperature(Float temperature) {
      if (temperature != null && !(temperature >= 0f && temperature <= 1f)) {
        throw new IllegalArgumentException("temperature must be from 0 to 1, was " + temperature);
      }
      this.temperature = temperature;
      return this;
    }

    /**
     * The fewest records a job may hold: Bedrock's quota for the model (default {@value
     * BedrockRules#BATCH_MIN_RECORDS_PER_JOB}).
     *
     * @param minRecordsPerJob the fewest records a job may hold: Bedrock's quota for the model
     *     (default {@value BedrockRules#BATCH_MIN_RECORDS_PER_JOB})
     * @return this builder
     */
    public Builder minRecordsPerJob(int minRecordsPerJob) {
      if (minRecordsPerJob < 1) {
        throw new IllegalArgumentException(
            "minRecordsPerJob must be >= 1, was " + minRecordsPerJob);
      }
      this.minRecordsPerJob = minRecordsPerJob;
      return this;
    }

    /**
     * The most records a job may hold: Bedrock's quota for the model (default {@value
     * BedrockRules#BATCH_MAX_RECORDS_PER_JOB}); larger plans are split into several jobs. A job's
     * records go into one input file, so the per-file quota applies too.
     *
     * @param maxRecordsPerJob the most records a job may hold: Bedrock's quota for the model
     *     (default {@value BedrockRules#BATCH_MAX_RECORDS_PER_JOB}); larger plans are split into
     *     several jobs
     * @return this builder
     */
    public Builder maxRecordsPerJob(int maxRecordsPerJob) {
      if (maxRecordsPerJob < 2) {
        throw new IllegalArgumentException(
            "maxRecordsPerJob must be >= 2, was " + maxRecordsPerJob);
      }
      this.maxRecordsPerJob = maxRecordsPerJob;
      return this;
    }

    /**
     * How often a running job's status is asked (default 60 s).
     *
     * @param pollInterval how often a running job's status is asked (default 60 s)
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      Objects.requireNonNull(pollInterval, "pollInterval");
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
      }
      this.pollInterval = pollInterval;
      return this;
    }

    /**
     * How long a job may run before Bedrock ends it ({@code timeoutDurationInHours}, 24 to 168);
     * null (the default) leaves Bedrock's.
     *
     * @param timeoutHours how long a job may run before Bedrock ends it ({@code
     *     timeoutDurationInHours}, 24 to 168); null (the default) leaves Bedrock's
     * @return this builder
     */
    public Builder timeoutHours(Integer timeoutHours) {
      if (timeoutHours != null
          && (timeoutHours < BedrockRules.BATCH_MIN_TIMEOUT_HOURS
              || timeoutHours > BedrockRules.BATCH_MAX_TIMEOUT_HOURS)) {
        throw new IllegalArgumentException(
            "timeoutHours must be from "
                + BedrockRules.BATCH_MIN_TIMEOUT_HOURS
                + " to "
                + BedrockRules.BATCH_MAX_TIMEOUT_HOURS
                + ", was "
                + timeoutHours);
      }
      this.timeoutHours = timeoutHours;
      return this;
    }

    /**
     * The teacher asked, one request at a time, for requests too few to make a job (typically a
     * {@link BedrockConverseExampleSource} on the same model); closed with this source. Without
     * one, such requests are recorded as failures that say so.
     *
     * @param fallback the teacher asked, one request at a time, for requests too few to make a job
     *     (typically a {@link BedrockConverseExampleSource} on the same model); closed with this
     *     source
     * @return this builder
     */
    public Builder smallBatchFallback(ExampleSource fallback) {
      this.fallback = fallback;
      return this;
    }

    /**
     * Whether a stopped run (Ctrl-C) also stops its running jobs on Bedrock; by default they run on
     * and the next run collects their results.
     *
     * @param stopJobsOnCancel whether a stopped run (Ctrl-C) also stops its running jobs on
     *     Bedrock; by default they run on and the next run collects their results
     * @return this builder
     */
    public Builder stopJobsOnCancel(boolean stopJobsOnCancel) {
      this.stopJobsOnCancel = stopJobsOnCancel;
      return this;
    }

    /**
     * A Bedrock control-plane client; the source does not close it.
     *
     * @param bedrockClient a Bedrock control-plane client; the source does not close it
     * @return this builder
     */
    public Builder bedrockClient(BedrockClient bedrockClient) {
      aws.bedrockClient(Objects.requireNonNull(bedrockClient, "bedrockClient"));
      return this;
    }

    /**
     * An S3 client for the input and output files; the source does not close it.
     *
     * @param s3Client an S3 client for the input and output files; the source does not close it
     * @return this builder
     */
    public Builder s3Client(S3Client s3Client) {
      aws.s3Client(Objects.requireNonNull(s3Client, "s3Client"));
      return this;
    }

    /**
     * Credentials for the clients the source builds; default the settings, then the SDK chain.
     *
     * @param credentialsProvider credentials for the clients the source builds; default the
     *     settings, then the SDK chain
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      aws.credentialsProvider(credentialsProvider);
      return this;
    }

    /**
     * A Bedrock endpoint (default {@code AWS_ENDPOINT_URL_BEDROCK}, then {@code AWS_ENDPOINT_URL}).
     *
     * @param endpointOverride a Bedrock endpoint (default {@code AWS_ENDPOINT_URL_BEDROCK}, then
     *     {@code AWS_ENDPOINT_URL})
     * @return this builder
     */
    public Builder endpointOverride(URI endpointOverride) {
      aws.endpointOverride(AwsService.BEDROCK, endpointOverride);
      return this;
    }

    /**
     * Where {@code AWS_*} and {@code S3_FORCE_PATH_STYLE} are read from; default the process.
     *
     * @param environment the variables, by name
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      aws.environment(environment);
      return this;
    }

    /**
     * Adds a listener for the jobs' progress.
     *
     * @param listener the listener; it is called from the thread that polls the jobs
     * @return this builder
     */
    public Builder addListener(SourceListener listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the source; it closes the clients it built itself in {@code close()}.
     *
     * @return the source
     * @throws NullPointerException naming what is missing (model, roleArn, location)
     * @throws IllegalArgumentException when the record limits cannot split a plan
     */
    public BedrockBatchExampleSource build() {
      return new BedrockBatchExampleSource(this);
    }
  }
}
