package app.polychat.finetune.bedrock.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A Bedrock control plane that keeps model customization jobs, on WireMock, for the real {@code
 * BedrockClient}. Built from the Bedrock API model, botocore {@code
 * botocore/data/bedrock/2023-04-20/service-2.json} (protocol rest-json):
 *
 * <ul>
 *   <li>{@code CreateModelCustomizationJob}: {@code POST /model-customization-jobs}, HTTP 201,
 *       {@code {"jobArn"}}; required {@code jobName, customModelName, roleArn, baseModelIdentifier,
 *       trainingDataConfig, outputDataConfig}; patterns {@code JobName}, {@code IdempotencyToken}
 *       and {@code S3Uri} checked as the service checks them ({@code ValidationException}, 400).
 *       {@code clientRequestToken}: "If this token matches a previous request, Amazon Bedrock
 *       ignores the request, but does not return an error": the repeat is answered with the first
 *       job's ARN (what the body of that answer holds is not documented; the ARN of the existing
 *       job is assumed). A new token with a job name already taken is {@code ConflictException}
 *       (400) — the model lists the error, the message text is ours.
 *   <li>{@code GetModelCustomizationJob}: {@code GET /model-customization-jobs/{jobIdentifier}}
 *       (name or ARN), the required members of {@code GetModelCustomizationJobResponse} plus {@code
 *       clientRequestToken} and {@code status}. A job stays {@code InProgress} unless {@link
 *       #completeAfter} makes it train: then it reports {@code statusDetails} (each sub-task a
 *       {@code JobStatusDetails}) until the given describe, where it is {@code Completed} with
 *       {@code outputModelArn} (pattern {@code CustomModelArn}), {@code endTime} and {@code
 *       trainingMetrics.trainingLoss}.
 *   <li>Errors: the type in {@code x-amzn-ErrorType}, {@code {"message"}} in the body.
 * </ul>
 */
public final class FakeCustomizationJobs implements ResponseDefinitionTransformerV2, AutoCloseable {
  static final String NAME = "fake-customization-jobs";

  /** The account in every ARN. */
  public static final String ACCOUNT = "123456789012";

  private static final Pattern JOB_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9\\+\\-\\.])*");
  private static final Pattern TOKEN =
      Pattern.compile("[a-zA-Z0-9]([-a-zA-Z0-9]{0,254}[a-zA-Z0-9])?");
  private static final Pattern S3_URI =
      Pattern.compile(
          "s3://[a-z0-9][-.a-z0-9]{1,61}[a-z0-9](?:/[-!_*'().a-z0-9A-Z]+(?:/[-!_*'().a-z0-9A-Z]+)*)?/?");

  /** The server, for requests the tests inspect. */
  public final WireMockServer server;

  /** Every create request body, in order. */
  public final List<JsonNode> createBodies = new CopyOnWriteArrayList<>();

  /** The jobs Bedrock holds, by ARN. */
  public final Map<String, JsonNode> jobs = new ConcurrentHashMap<>();

  private final Map<String, String> arnByToken = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> describes = new ConcurrentHashMap<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private volatile int completeAfter;

  /** Starts the fake on a free loopback port. */
  public FakeCustomizationJobs() {
    server =
        new WireMockServer(
            WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .extensions(this));
    server.start();
    server.stubFor(
        any(urlPathMatching("/model-customization-jobs.*"))
            .willReturn(WireMock.aResponse().withTransformers(NAME)));
  }

  /** The endpoint to give the client ({@code AWS_ENDPOINT_URL_BEDROCK}). */
  public String baseUrl() {
    return server.baseUrl();
  }

  /**
   * Lets every job train: describes before the {@code describes}-th say {@code InProgress} with the
   * sub-task details, that one and later say {@code Completed} with the custom model's ARN and the
   * last training loss.
   */
  public FakeCustomizationJobs completeAfter(int describes) {
    if (describes < 1) {
      throw new IllegalArgumentException("describes must be at least 1, was " + describes);
    }
    this.completeAfter = describes;
    return this;
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
    if (method.equals("POST") && path.equals("/model-customization-jobs")) {
      return create(Json.parse(event.getRequest().getBodyAsString()));
    }
    if (method.equals("GET") && path.startsWith("/model-customization-jobs/")) {
      String id =
          URLDecoder.decode(
              path.substring("/model-customization-jobs/".length()), StandardCharsets.UTF_8);
      return jobs.values().stream()
          .filter(
              j -> j.path("jobArn").asText().equals(id) || j.path("jobName").asText().equals(id))
          .findFirst()
          .map(j -> json(200, Json.write(progress(j))))
          .orElseGet(
              () -> error(404, "ResourceNotFoundException", "Could not find job " + id + "."));
    }
    return error(404, "UnknownOperationException", method + " " + path);
  }

  private synchronized ResponseDefinition create(JsonNode body) {
    createBodies.add(body);
    for (String member :
        List.of(
            "jobName",
            "customModelName",
            "roleArn",
            "baseModelIdentifier",
            "trainingDataConfig",
            "outputDataConfig")) {
      if (body.path(member).isMissingNode()) {
        return error(400, "ValidationException", "Member " + member + " is required.");
      }
    }
    String name = body.path("jobName").asText();
    String token = body.path("clientRequestToken").asText("");
    String train = body.path("trainingDataConfig").path("s3Uri").asText();
    String output = body.path("outputDataConfig").path("s3Uri").asText();
    if (!JOB_NAME.matcher(name).matches() || name.length() > 63) {
      return error(400, "ValidationException", "jobName '" + name + "' fails its pattern");
    }
    if (!TOKEN.matcher(token).matches() || token.length() > 256) {
      return error(400, "ValidationException", "clientRequestToken fails its pattern");
    }
    for (String uri : List.of(train, output)) {
      if (!S3_URI.matcher(uri).matches()) {
        return error(400, "ValidationException", "'" + uri + "' is not a valid S3 URI");
      }
    }
    String known = arnByToken.get(token);
    if (known != null) {
      return json(201, "{\"jobArn\":\"" + known + "\"}");
    }
    boolean nameTaken =
        jobs.values().stream().anyMatch(j -> j.path("jobName").asText().equals(name));
    if (nameTaken) {
      return error(400, "ConflictException", "A job with the name " + name + " already exists.");
    }
    String arn =
        "arn:aws:bedrock:us-east-1:"
            + ACCOUNT
            + ":model-customization-job/"
            + body.path("baseModelIdentifier").asText()
            + "/"
            + String.format("job%09d", sequence.incrementAndGet());
    var job = Json.mapper().createObjectNode();
    job.put("jobArn", arn);
    job.put("jobName", name);
    job.put("outputModelName", body.path("customModelName").asText());
    job.put("clientRequestToken", token);
    job.put("roleArn", body.path("roleArn").asText());
    job.put("status", "InProgress");
    job.put("creationTime", "2025-11-09T12:00:00Z");
    job.put(
        "baseModelArn",
        "arn:aws:bedrock:us-east-1::foundation-model/" + body.path("baseModelIdentifier").asText());
    job.set("trainingDataConfig", body.path("trainingDataConfig"));
    var noValidation = Json.mapper().createObjectNode();
    noValidation.putArray("validators");
    job.set(
        "validationDataConfig",
        body.has("validationDataConfig") ? body.path("validationDataConfig") : noValidation);
    job.set("outputDataConfig", body.path("outputDataConfig"));
    job.put("customizationType", body.path("customizationType").asText("FINE_TUNING"));
    jobs.put(arn, job);
    arnByToken.put(token, arn);
    return json(201, "{\"jobArn\":\"" + arn + "\"}");
  }

  /** The job as a describe sees it now: training along when {@link #completeAfter} is set. */
  private JsonNode progress(JsonNode stored) {
    int after = completeAfter;
    if (after == 0) {
      return stored;
    }
    String arn = stored.path("jobArn").asText();
    int seen = describes.computeIfAbsent(arn, a -> new AtomicInteger()).incrementAndGet();
    boolean done = seen >= after;
    var job = ((com.fasterxml.jackson.databind.node.ObjectNode) stored).deepCopy();
    job.put("status", done ? "Completed" : "InProgress");
    var details = job.putObject("statusDetails");
    details.putObject("validationDetails").put("status", "Completed");
    details.putObject("dataProcessingDetails").put("status", "Completed");
    details.putObject("trainingDetails").put("status", done ? "Completed" : "InProgress");
    job.put("lastModifiedTime", "2025-11-09T12:30:00Z");
    if (done) {
      String base = job.path("baseModelArn").asText().replaceFirst(".*foundation-model/", "");
      String id = arn.substring(arn.lastIndexOf('/') + 1);
      job.put(
          "outputModelArn",
          "arn:aws:bedrock:us-east-1:" + ACCOUNT + ":custom-model/" + base + "/" + modelId(id));
      job.put("endTime", "2025-11-09T13:00:00Z");
      job.putObject("trainingMetrics").put("trainingLoss", 0.156);
    }
    return job;
  }

  /** Twelve lowercase letters and digits, as {@code CustomModelArn} ends. */
  private static String modelId(String jobId) {
    String digits = jobId.replaceAll("[^a-z0-9]", "");
    return ("m" + digits + "000000000000").substring(0, 12);
  }

  private static ResponseDefinition json(int status, String body) {
    return WireMock.aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body)
        .build();
  }

  private static ResponseDefinition error(int status, String type, String message) {
    return WireMock.aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader(
            "x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
        .withBody("{\"message\":" + Json.write(message) + "}")
        .build();
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop();
  }
}
