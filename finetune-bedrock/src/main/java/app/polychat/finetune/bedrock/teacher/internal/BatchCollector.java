package app.polychat.finetune.bedrock.teacher.internal;

import app.polychat.finetune.bedrock.internal.AwsExceptionMapper;
import app.polychat.finetune.bedrock.internal.S3Location;
import app.polychat.finetune.source.BulkRun;
import app.polychat.finetune.source.GeneratedExample;
import app.polychat.finetune.source.GenerationOutcome;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.SourceException;
import app.polychat.finetune.source.SourceUnavailableException;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrock.model.GetModelInvocationJobResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads a finished batch job's results back: lists the job's output folder, streams every {@code
 * .jsonl.out} file line by line (never a whole file in memory), matches each record to its request
 * by {@code recordId}, and delivers it to the run at once, an answer or the record's error. Records
 * of other requests (already journaled, or not asked this time) are skipped; requests the output
 * does not mention are delivered as failures with the job's status. Not public API.
 */
public final class BatchCollector {
  private static final Logger log = LoggerFactory.getLogger(BatchCollector.class);
  private static final String RESULTS = ".jsonl.out";

  private final S3Client s3;
  private final String bucket;
  private final String region;
  private final String model;
  private final BulkRun run;
  private final BooleanSupplier stopping;

  /**
   * What a collection did.
   *
   * @param complete every result was read and every request has an outcome; false when the run
   *     stopped or the download broke off (read again later: nothing delivered is delivered twice)
   * @param answered answers delivered
   * @param failed failures delivered
   */
  public record Result(boolean complete, int answered, int failed) {}

  public BatchCollector(
      S3Client s3,
      String bucket,
      String region,
      String model,
      BulkRun run,
      BooleanSupplier stopping) {
    this.s3 = s3;
    this.bucket = bucket;
    this.region = region;
    this.model = model;
    this.run = run;
    this.stopping = stopping;
  }

  /**
   * Collects a finished job's results for the given requests.
   *
   * @throws SourceUnavailableException when S3 refuses access to the output
   */
  public Result collect(
      BatchChunk chunk, GetModelInvocationJobResponse job, List<GenerationRequest> requests) {
    Map<String, GenerationRequest> byId = new HashMap<>();
    requests.forEach(r -> byId.put(r.id(), r));
    Set<String> seen = new HashSet<>();
    int[] counts = new int[2];
    S3Location output = outputOf(chunk, job);
    try {
      for (S3Object object :
          s3.listObjectsV2Paginator(r -> r.bucket(output.bucket()).prefix(output.prefix()))
              .contents()) {
        if (!object.key().endsWith(RESULTS)) {
          continue;
        }
        if (!readResults(output.bucket(), object.key(), chunk, byId, seen, counts)) {
          return new Result(false, counts[0], counts[1]);
        }
      }
    } catch (SdkException e) {
      SourceException mapped =
          AwsExceptionMapper.toSourceFromS3(
              e, output.bucket(), "read the results of batch job " + chunk.jobArn(), region);
      if (mapped instanceof SourceUnavailableException) {
        throw mapped;
      }
      log.warn("{}; reading them again later", mapped.getMessage());
      return new Result(false, counts[0], counts[1]);
    }
    SourceException missing = missing(job);
    for (GenerationRequest request : requests) {
      if (!seen.contains(request.id())) {
        if (stopping.getAsBoolean()) {
          return new Result(false, counts[0], counts[1]);
        }
        run.deliver(GenerationOutcome.failed(request, missing));
        counts[1]++;
      }
    }
    return new Result(true, counts[0], counts[1]);
  }

  private S3Location outputOf(BatchChunk chunk, GetModelInvocationJobResponse job) {
    if (job.outputDataConfig() != null
        && job.outputDataConfig().s3OutputDataConfig() != null
        && job.outputDataConfig().s3OutputDataConfig().s3Uri() != null) {
      return S3Location.parse(URI.create(job.outputDataConfig().s3OutputDataConfig().s3Uri()));
    }
    return new S3Location(bucket, chunk.outputPrefix());
  }

  /** Streams one results file; false when the run stopped or the download broke off. */
  private boolean readResults(
      String bucketName,
      String key,
      BatchChunk chunk,
      Map<String, GenerationRequest> byId,
      Set<String> seen,
      int[] counts) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                s3.getObject(r -> r.bucket(bucketName).key(key)), StandardCharsets.UTF_8),
            1 << 16)) {
      int lineNumber = 0;
      for (String line; (line = reader.readLine()) != null; ) {
        lineNumber++;
        if (stopping.getAsBoolean()) {
          return false;
        }
        if (line.isBlank()) {
          continue;
        }
        JsonNode record;
        try {
          record = Json.mapper().readTree(line);
        } catch (JsonProcessingException e) {
          log.warn(
              "s3://{}/{} line {} is not JSON ({}); its request counts as unanswered",
              bucketName,
              key,
              lineNumber,
              e.getOriginalMessage());
          continue;
        }
        JsonNode id = record.get("recordId");
        GenerationRequest request = id == null ? null : byId.get(id.asText());
        if (request == null || !seen.add(request.id())) {
          continue; // another request's record: already journaled, or not asked this time
        }
        GenerationOutcome outcome = outcome(request, record, chunk);
        run.deliver(outcome);
        counts[outcome.answered() ? 0 : 1]++;
      }
      return true;
    } catch (IOException | UncheckedIOException e) {
      log.warn(
          "reading s3://{}/{} broke off ({}); reading it again later",
          bucketName,
          key,
          e.toString());
      return false;
    }
  }

  private GenerationOutcome outcome(GenerationRequest request, JsonNode record, BatchChunk chunk) {
    JsonNode error = record.get("error");
    if (error != null && !error.isNull()) {
      int code = error.path("errorCode").asInt(0);
      String message = error.path("errorMessage").asText("no message");
      boolean retryable = code == 408 || code == 429 || code >= 500;
      return GenerationOutcome.failed(
          request,
          new SourceException(
              "batch record failed: "
                  + (code == 0 ? "" : code + " ")
                  + message
                  + " (job "
                  + chunk.jobArn()
                  + ")",
              null,
              retryable,
              code,
              null));
    }
    JsonNode output = record.get("modelOutput");
    if (output == null || output.isNull()) {
      return GenerationOutcome.failed(
          request,
          new SourceException(
              "batch record without an answer or an error (job " + chunk.jobArn() + ")", true));
    }
    try {
      ConverseMessages.Answer answer = ConverseMessages.answer(output);
      GeneratedExample example =
          TeacherExamples.of(request, answer, model, 1, null, "bedrock-batch", chunk.jobArn());
      return GenerationOutcome.answered(request, example);
    } catch (IllegalArgumentException e) {
      return GenerationOutcome.failed(
          request,
          new SourceException(
              "batch job "
                  + chunk.jobArn()
                  + " wrote an answer of an unexpected shape: "
                  + e.getMessage(),
              false));
    } catch (SourceException e) {
      return GenerationOutcome.failed(request, e);
    }
  }

  private static SourceException missing(GetModelInvocationJobResponse job) {
    String status = job.statusAsString();
    String said =
        job.message() == null || job.message().isBlank() ? "" : " (" + job.message() + ")";
    return new SourceException(
        "batch job ended "
            + status
            + said
            + " without an answer for this request; run the same command again to ask again"
            + " (job "
            + job.jobArn()
            + ")",
        true);
  }
}
