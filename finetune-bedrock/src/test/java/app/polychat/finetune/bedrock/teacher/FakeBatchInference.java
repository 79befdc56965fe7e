package app.polychat.finetune.bedrock.teacher;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import app.polychat.finetune.bedrock.testing.BedrockWireMock;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Bedrock batch inference as the batch source sees it, served by WireMock behind the real Bedrock
 * client: {@code CreateModelInvocationJob} (a repeated client request token returns the job already
 * made, as Bedrock does), {@code GetModelInvocationJob} moving each job through {@code Submitted}
 * and {@code InProgress} to its end state as it is polled, {@code StopModelInvocationJob} and
 * {@code ListModelInvocationJobs}. When a job ends it does what Bedrock does: reads the input file
 * from S3 (S3Proxy), answers each record through the Converse shape (or with a record error), and
 * writes {@code <output>/<job id>/input.jsonl.out} (records in another order than the input) and
 * {@code manifest.json.out}. Bodies and error shapes are Bedrock's.
 */
final class FakeBatchInference implements ResponseDefinitionTransformerV2, AutoCloseable {
  static final String NAME = "fake-batch-inference";
  static final String ACCOUNT = BedrockWireMock.ACCOUNT;

  final WireMockServer server;
  private final S3Client s3;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, String> arnByToken = new ConcurrentHashMap<>();
  final List<String> createBodies = new CopyOnWriteArrayList<>();
  final AtomicInteger stopCalls = new AtomicInteger();
  private final AtomicInteger sequence = new AtomicInteger();

  /**
   * Polls before a job ends: the first is answered {@code Submitted}, the next {@code InProgress}.
   */
  volatile int pollsBeforeEnd = 2;

  /** The end state of the next jobs. */
  volatile String endStatus = "Completed";

  /** Records answered with an error instead of an answer. */
  volatile Predicate<String> failsRecord = id -> false;

  /** Records left out of the output altogether. */
  volatile Predicate<String> dropsRecord = id -> false;

  /** The next create calls answered with this error (type, status), then cleared. */
  volatile String[] nextCreateError;

  static final class Job {
    final String arn;
    final String name;
    final String token;
    final String model;
    final String role;
    final String inputUri;
    final String outputUri;
    final Instant submitted = Instant.parse("2025-11-09T12:00:00Z");
    volatile String status = "Submitted";
    volatile String message;
    volatile int polls;
    volatile long total;
    volatile long processed;
    volatile long succeeded;
    volatile long failed;

    Job(JsonNode body, String arn) {
      this.arn = arn;
      this.name = body.path("jobName").asText();
      this.token = body.path("clientRequestToken").asText();
      this.model = body.path("modelId").asText();
      this.role = body.path("roleArn").asText();
      this.inputUri = body.path("inputDataConfig").path("s3InputDataConfig").path("s3Uri").asText();
      this.outputUri =
          body.path("outputDataConfig").path("s3OutputDataConfig").path("s3Uri").asText();
    }

    String id() {
      return arn.substring(arn.lastIndexOf('/') + 1);
    }
  }

  FakeBatchInference(S3Client s3) {
    this.s3 = s3;
    server =
        new WireMockServer(
            WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .disableRequestJournal()
                .extensions(this));
    server.start();
    server.stubFor(
        any(urlPathMatching("/model-invocation-job.*"))
            .willReturn(WireMock.aResponse().withTransformers(NAME)));
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** A Bedrock client that does not retry, pointed at this fake. */
  BedrockClient client() {
    return clientFor(endpoint());
  }

  /** A Bedrock client that does not retry, pointed at a fake at {@code endpoint}. */
  static BedrockClient clientFor(URI endpoint) {
    return BedrockClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "test-secret")))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** Distinct jobs created (a repeated token is not a new job). */
  int jobsCreated() {
    return jobs.size();
  }

  List<Job> jobs() {
    List<Job> all = new ArrayList<>(jobs.values());
    all.sort((a, b) -> a.arn.compareTo(b.arn)); // in creation order
    return all;
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public ResponseDefinition transform(ServeEvent event) {
    String method = event.getRequest().getMethod().getName();
    String path = URI.create(event.getRequest().getUrl()).getRawPath();
    try {
      if (method.equals("POST") && path.equals("/model-invocation-job")) {
        return create(Json.parse(event.getRequest().getBodyAsString()));
      }
      if (method.equals("GET") && path.equals("/model-invocation-jobs")) {
        var nameContains = event.getRequest().queryParameter("nameContains");
        return list(nameContains.isPresent() ? nameContains.firstValue() : null);
      }
      String rest = path.substring("/model-invocation-job/".length());
      if (method.equals("POST") && rest.endsWith("/stop")) {
        return stop(decode(rest.substring(0, rest.length() - "/stop".length())));
      }
      if (method.equals("GET")) {
        return get(decode(rest));
      }
      return error(404, "ResourceNotFoundException", "no such operation " + method + " " + path);
    } catch (RuntimeException e) {
      return error(500, "InternalServerException", e.toString());
    }
  }

  private static String decode(String segment) {
    return URLDecoder.decode(segment, StandardCharsets.UTF_8);
  }

  private ResponseDefinition create(JsonNode body) {
    createBodies.add(body.toString());
    String[] failure = nextCreateError;
    if (failure != null) {
      nextCreateError = null;
      return error(Integer.parseInt(failure[1]), failure[0], "as the test asked");
    }
    String token = body.path("clientRequestToken").asText();
    String existing = arnByToken.get(token);
    if (existing != null) {
      return json(200, "{\"jobArn\":\"" + existing + "\"}");
    }
    String name = body.path("jobName").asText();
    if (jobs.values().stream().anyMatch(j -> j.name.equals(name))) {
      return error(400, "ConflictException", "A job with the name " + name + " already exists.");
    }
    String id = String.format("%012d", sequence.incrementAndGet());
    String arn = "arn:aws:bedrock:us-east-1:" + ACCOUNT + ":model-invocation-job/" + id;
    jobs.put(arn, new Job(body, arn));
    arnByToken.put(token, arn);
    return json(200, "{\"jobArn\":\"" + arn + "\"}");
  }

  private ResponseDefinition get(String identifier) {
    Job job = find(identifier);
    if (job == null) {
      return error(
          404, "ResourceNotFoundException", "The specified job " + identifier + " was not found.");
    }
    synchronized (job) {
      job.polls++;
      boolean ended = isEnded(job.status);
      if (!ended && job.polls > pollsBeforeEnd) {
        finish(job, endStatus);
      } else if (!ended && job.polls > 1 && !job.status.equals("Stopping")) {
        job.status = "InProgress";
      }
      return json(200, describe(job));
    }
  }

  private ResponseDefinition stop(String identifier) {
    stopCalls.incrementAndGet();
    Job job = find(identifier);
    if (job == null) {
      return error(404, "ResourceNotFoundException", "The specified job was not found.");
    }
    synchronized (job) {
      if (isEnded(job.status)) {
        return error(400, "ConflictException", "The job has already ended.");
      }
      job.status = "Stopping";
      job.polls = Math.max(job.polls, pollsBeforeEnd); // stopped at the next poll
      endStatusOverride.put(job.arn, "Stopped");
    }
    return json(200, "{}");
  }

  private final Map<String, String> endStatusOverride = new ConcurrentHashMap<>();

  private ResponseDefinition list(String nameContains) {
    StringBuilder out = new StringBuilder("{\"invocationJobSummaries\":[");
    boolean first = true;
    for (Job job : jobs()) {
      if (nameContains != null && !job.name.contains(nameContains)) {
        continue;
      }
      out.append(first ? "" : ",").append(describe(job));
      first = false;
    }
    return json(200, out.append("]}").toString());
  }

  private Job find(String identifier) {
    Job job = jobs.get(identifier);
    if (job != null) {
      return job;
    }
    return jobs.values().stream().filter(j -> j.id().equals(identifier)).findFirst().orElse(null);
  }

  private static boolean isEnded(String status) {
    return List.of("Completed", "PartiallyCompleted", "Failed", "Stopped", "Expired")
        .contains(status);
  }

  private String describe(Job job) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("jobArn", job.arn);
    body.put("jobName", job.name);
    body.put("modelId", job.model);
    body.put("clientRequestToken", job.token);
    body.put("roleArn", job.role);
    body.put("status", job.status);
    if (job.message != null) {
      body.put("message", job.message);
    }
    body.put("submitTime", job.submitted.toString());
    body.put("lastModifiedTime", job.submitted.plusSeconds(60L * job.polls).toString());
    if (isEnded(job.status)) {
      body.put("endTime", job.submitted.plus(Duration.ofHours(2)).toString());
    }
    body.put(
        "inputDataConfig",
        Map.of("s3InputDataConfig", Map.of("s3InputFormat", "JSONL", "s3Uri", job.inputUri)));
    body.put("outputDataConfig", Map.of("s3OutputDataConfig", Map.of("s3Uri", job.outputUri)));
    body.put("timeoutDurationInHours", 24);
    body.put("jobExpirationTime", job.submitted.plus(Duration.ofHours(24)).toString());
    body.put("modelInvocationType", "Converse");
    if (!job.status.equals("Submitted")) {
      body.put("totalRecordCount", job.total);
      body.put("processedRecordCount", job.processed);
      body.put("successRecordCount", job.succeeded);
      body.put("errorRecordCount", job.failed);
    }
    return Json.write(body);
  }

  /** Ends a job as Bedrock would: its results (all, or half when stopped or failed) in S3. */
  private void finish(Job job, String status) {
    String end = endStatusOverride.getOrDefault(job.arn, status);
    boolean partial = !end.equals("Completed") && !end.equals("PartiallyCompleted");
    try {
      writeResults(job, partial);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    job.status = end;
    if (end.equals("Failed")) {
      job.message = "Internal failure while processing the batch.";
    }
  }

  private void writeResults(Job job, boolean partial) throws IOException {
    URI input = URI.create(job.inputUri);
    String inputBucket = input.getHost();
    String inputKey = input.getPath().substring(1);
    URI output = URI.create(job.outputUri);
    String outputBucket = output.getHost();
    String folder = output.getPath().substring(1);
    folder = folder.isEmpty() || folder.endsWith("/") ? folder : folder + "/";
    String fileName = inputKey.substring(inputKey.lastIndexOf('/') + 1);
    Path results = Files.createTempFile("fake-batch-", ".jsonl.out");
    // hold back every other record, then write them after: not in input order, as Bedrock warns
    Path heldBack = Files.createTempFile("fake-batch-", ".later");
    long total = 0;
    long answered = 0;
    long failed = 0;
    long inTokens = 0;
    long outTokens = 0;
    try (BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(
                    s3.getObject(r -> r.bucket(inputBucket).key(inputKey)),
                    StandardCharsets.UTF_8));
        OutputStream now = new BufferedOutputStream(Files.newOutputStream(results));
        OutputStream later = new BufferedOutputStream(Files.newOutputStream(heldBack))) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        total++;
        JsonNode record = Json.parse(line);
        String id = record.path("recordId").asText();
        if (dropsRecord.test(id) || (partial && total % 2 == 0)) {
          continue;
        }
        JsonNode modelInput = record.path("modelInput");
        OutputStream target = total % 2 == 0 ? later : now;
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(target)) {
          json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
          json.writeStartObject();
          json.writeStringField("recordId", id);
          json.writeFieldName("modelInput");
          json.writeTree(modelInput);
          if (failsRecord.test(id)) {
            json.writeObjectFieldStart("error");
            json.writeNumberField("errorCode", 400);
            json.writeStringField(
                "errorMessage",
                "Malformed input request, please reformat your input and try again.");
            json.writeEndObject();
            failed++;
          } else {
            String prompt =
                modelInput.path("messages").path(0).path("content").path(0).path("text").asText();
            int in = 40 + prompt.length() / 4;
            int out = 60 + Math.floorMod(id.hashCode(), 40);
            inTokens += in;
            outTokens += out;
            json.writeObjectFieldStart("modelOutput");
            json.writeObjectFieldStart("output");
            json.writeObjectFieldStart("message");
            json.writeStringField("role", "assistant");
            json.writeArrayFieldStart("content");
            json.writeStartObject();
            json.writeStringField("text", answerFor(id));
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndObject();
            json.writeStringField("stopReason", "end_turn");
            json.writeObjectFieldStart("usage");
            json.writeNumberField("inputTokens", in);
            json.writeNumberField("outputTokens", out);
            json.writeNumberField("totalTokens", in + out);
            json.writeEndObject();
            json.writeObjectFieldStart("metrics");
            json.writeNumberField("latencyMs", 900);
            json.writeEndObject();
            json.writeEndObject();
            answered++;
          }
          json.writeEndObject();
        }
        target.write('\n');
      }
    }
    try (OutputStream append =
        Files.newOutputStream(results, java.nio.file.StandardOpenOption.APPEND)) {
      Files.copy(heldBack, append);
    }
    String jobFolder = folder + job.id() + "/";
    s3.putObject(
        r -> r.bucket(outputBucket).key(jobFolder + fileName + ".out"),
        RequestBody.fromFile(results));
    String manifest =
        Json.write(
            Map.of(
                "totalRecordCount", total,
                "processedRecordCount", answered + failed,
                "successRecordCount", answered,
                "errorRecordCount", failed,
                "inputTokenCount", inTokens,
                "outputTokenCount", outTokens));
    s3.putObject(
        r -> r.bucket(outputBucket).key(jobFolder + "manifest.json.out"),
        RequestBody.fromString(manifest));
    Files.deleteIfExists(results);
    Files.deleteIfExists(heldBack);
    job.total = total;
    job.processed = answered + failed;
    job.succeeded = answered;
    job.failed = failed;
  }

  /** A distinct, filter-clean Strudel answer per record. */
  static String answerFor(String recordId) {
    String digits =
        HexFormat.of()
            .formatHex(
                recordId.getBytes(StandardCharsets.UTF_8), 0, Math.min(8, recordId.length()));
    return "s(\"bd*4, hh*8\").note(\"c e g\").gain(0.8) // " + recordId + " " + digits;
  }

  private static ResponseDefinition json(int status, String body) {
    return BedrockWireMock.json(status, body).build();
  }

  private static ResponseDefinition error(int status, String type, String message) {
    return BedrockWireMock.json(status, "{\"message\":" + Json.write(message) + "}")
        .withHeader(
            "x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
        .build();
  }

  @Override
  public void close() {
    server.stop();
  }
}
