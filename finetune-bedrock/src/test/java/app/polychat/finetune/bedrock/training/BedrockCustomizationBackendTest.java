package app.polychat.finetune.bedrock.training;

import static app.polychat.finetune.bedrock.testing.BedrockWireMock.ROLE;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.error;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.jobArn;
import static app.polychat.finetune.bedrock.testing.BedrockWireMock.json;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.bedrock.testing.BedrockWireMock;
import app.polychat.finetune.bedrock.testing.S3ProxyServer;
import app.polychat.finetune.bedrock.testing.TestSpecs;
import app.polychat.finetune.job.BackendException;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobHandle;
import app.polychat.finetune.job.JobQuery;
import app.polychat.finetune.job.JobSpec;
import app.polychat.finetune.job.JobState;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.job.JobSummary;
import app.polychat.finetune.job.Page;
import app.polychat.finetune.job.StageStatus;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.bedrock.BedrockClient;

class BedrockCustomizationBackendTest {
  private static final String ARN = jobArn("abc123def456");
  private static final String JOBS = "/model-customization-jobs";

  private BedrockWireMock bedrock;
  private BedrockClient client;

  @BeforeEach
  void start() {
    bedrock = new BedrockWireMock();
    client = bedrock.clientWithoutRetries();
  }

  @AfterEach
  void stop() {
    client.close();
    bedrock.close();
  }

  private BedrockCustomizationBackend.Builder backend() {
    return BedrockCustomizationBackend.builder()
        .bedrockClient(client)
        .roleArn(ROLE)
        .outputBucket("output-bucket")
        .clock(TestSpecs.clockAt(TestSpecs.SUBMITTED));
  }

  private void createReturns(String arn) {
    bedrock.server.stubFor(
        post(urlEqualTo(JOBS)).willReturn(json(201, "{\"jobArn\":\"" + arn + "\"}")));
  }

  private List<JsonNode> createBodies() {
    return bedrock.server.findAll(postRequestedFor(urlEqualTo(JOBS))).stream()
        .map(r -> Json.parse(r.getBodyAsString()))
        .toList();
  }

  @Test
  void submit_fineTuningSendsExactlyTheDocumentedRequest() {
    JobSpec spec = TestSpecs.fineTuning();
    String expected =
        """
        {
          "jobName": "strudel-nova-lite-v1",
          "customModelName": "strudel-nova-lite-v1",
          "roleArn": "%s",
          "clientRequestToken": "%s",
          "baseModelIdentifier": "amazon.nova-lite-v1:0:300k",
          "customizationType": "FINE_TUNING",
          "trainingDataConfig": {"s3Uri": "%s"},
          "validationDataConfig": {"validators": [{"s3Uri": "%s"}]},
          "outputDataConfig": {
            "s3Uri": "s3://output-bucket/strudel/strudel-nova-lite-v1/2025-11-09T13-00-00/"
          },
          "hyperParameters": {
            "epochCount": "2",
            "batchSize": "1",
            "learningRate": "0.00001",
            "learningRateWarmupSteps": "10"
          },
          "jobTags": [
            {"key": "dataset-hash", "value": "%s"},
            {"key": "project", "value": "strudel"}
          ],
          "customModelTags": [
            {"key": "dataset-hash", "value": "%s"},
            {"key": "project", "value": "strudel"}
          ]
        }
        """
            .formatted(
                ROLE,
                spec.requestToken(),
                TestSpecs.TRAIN,
                TestSpecs.VALIDATION,
                TestSpecs.DATASET_HASH,
                TestSpecs.DATASET_HASH);
    bedrock.server.stubFor(
        post(urlEqualTo(JOBS))
            .withRequestBody(equalToJson(expected))
            .willReturn(json(201, "{\"jobArn\":\"" + ARN + "\"}")));

    JobHandle handle;
    try (BedrockCustomizationBackend backend = backend().build()) {
      handle = backend.submit(spec);
    }

    assertThat(handle.jobId()).isEqualTo(ARN);
    assertThat(handle.jobName()).isEqualTo("strudel-nova-lite-v1");
    assertThat(handle.requestToken()).isEqualTo(spec.requestToken());
    assertThat(handle.submittedAt()).isEqualTo(TestSpecs.SUBMITTED);
    assertThat(handle.dryRun()).as("Bedrock took the job").isFalse();
  }

  @Test
  void submit_distillationSendsTeacherConfigAndNoHyperParameters() {
    JobSpec spec = TestSpecs.distillation();
    String token = spec.toBuilder().roleArn(ROLE).build().requestToken();
    String expected =
        """
        {
          "jobName": "strudel-nova-lite-distilled",
          "customModelName": "strudel-nova-lite-distilled",
          "roleArn": "%s",
          "clientRequestToken": "%s",
          "baseModelIdentifier": "amazon.nova-lite-v1:0:300k",
          "customizationType": "DISTILLATION",
          "trainingDataConfig": {"s3Uri": "%s"},
          "outputDataConfig": {
            "s3Uri": "s3://output-bucket/strudel/strudel-nova-lite-distilled/2025-11-09T13-00-00/"
          },
          "customizationConfig": {
            "distillationConfig": {
              "teacherModelConfig": {
                "teacherModelIdentifier": "us.amazon.nova-premier-v1:0",
                "maxResponseLengthForInference": 1000
              }
            }
          },
          "jobTags": [
            {"key": "cost-center", "value": "42"},
            {"key": "dataset-hash", "value": "%s"},
            {"key": "env", "value": "test"},
            {"key": "project", "value": "strudel"},
            {"key": "team", "value": "music"}
          ],
          "customModelTags": [
            {"key": "cost-center", "value": "42"},
            {"key": "dataset-hash", "value": "%s"},
            {"key": "env", "value": "test"},
            {"key": "project", "value": "strudel"},
            {"key": "team", "value": "music"}
          ]
        }
        """
            .formatted(
                ROLE, token, TestSpecs.TRAIN, TestSpecs.DATASET_HASH, TestSpecs.DATASET_HASH);
    bedrock.server.stubFor(
        post(urlEqualTo(JOBS))
            .withRequestBody(equalToJson(expected))
            .willReturn(json(201, "{\"jobArn\":\"" + ARN + "\"}")));

    try (BedrockCustomizationBackend backend = backend().build()) {
      assertThat(backend.submit(spec).jobId()).isEqualTo(ARN);
    }
  }

  @Test
  void submit_sendsKmsKeyVpcAndBackendTagsFromTheBuilder() {
    createReturns(ARN);
    try (BedrockCustomizationBackend backend =
        backend()
            .kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/1234abcd")
            .vpc(List.of("subnet-1", "subnet-2"), List.of("sg-1"))
            .tags(java.util.Map.of("owner", "ml-team"))
            .build()) {
      backend.submit(TestSpecs.fineTuning());
    }

    JsonNode body = createBodies().get(0);
    assertThat(body.path("customModelKmsKeyId").asText())
        .isEqualTo("arn:aws:kms:us-east-1:123456789012:key/1234abcd");
    assertThat(body.path("vpcConfig").toString())
        .isEqualTo("{\"subnetIds\":[\"subnet-1\",\"subnet-2\"],\"securityGroupIds\":[\"sg-1\"]}");
    assertThat(body.path("jobTags").toString())
        .contains("{\"key\":\"owner\",\"value\":\"ml-team\"}");
  }

  @Test
  void submit_sameSpecLaterOrFromAnotherBackendCarriesTheSameToken() {
    createReturns(ARN);
    JobHandle first;
    JobHandle second;
    try (BedrockCustomizationBackend one = backend().build();
        BedrockCustomizationBackend two =
            backend().clock(TestSpecs.clockAt(Instant.parse("2025-11-09T15:45:00Z"))).build()) {
      first = one.submit(TestSpecs.distillation());
      second = two.submit(TestSpecs.distillation());
    }

    List<JsonNode> bodies = createBodies();
    assertThat(bodies).hasSize(2);
    assertThat(bodies.get(0).path("clientRequestToken").asText())
        .isEqualTo(bodies.get(1).path("clientRequestToken").asText())
        .isEqualTo(first.requestToken())
        .isEqualTo(second.requestToken())
        .matches("[a-zA-Z0-9]([-a-zA-Z0-9]{0,254}[a-zA-Z0-9])?");
    assertThat(bodies.get(0).path("outputDataConfig").path("s3Uri").asText())
        .as("the output folder's timestamp is not part of the token")
        .isNotEqualTo(bodies.get(1).path("outputDataConfig").path("s3Uri").asText());
    assertThat(first.jobId()).isEqualTo(second.jobId());
  }

  @Test
  void submit_retriedInTheSameProcessSendsAnIdenticalBody() {
    createReturns(ARN);
    try (BedrockCustomizationBackend backend = backend().build()) {
      backend.submit(TestSpecs.fineTuning());
      backend.submit(TestSpecs.fineTuning());
    }
    List<JsonNode> bodies = createBodies();
    assertThat(bodies.get(0)).isEqualTo(bodies.get(1));
  }

  @Test
  void submit_tokenIsStableAcrossTwoProcesses() throws Exception {
    String expected = TestSpecs.distillation().toBuilder().roleArn(ROLE).build().requestToken();
    bedrock.server.stubFor(
        post(urlEqualTo(JOBS))
            .withRequestBody(matchingJsonPath("$.clientRequestToken", equalTo(expected)))
            .willReturn(json(201, "{\"jobArn\":\"" + ARN + "\"}")));

    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SubmitFromAnotherProcess.class.getName(),
                bedrock.endpoint().toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(output).isZero();

    JobHandle here;
    try (BedrockCustomizationBackend backend = backend().build()) {
      here = backend.submit(TestSpecs.distillation());
    }

    assertThat(output).contains("token=" + expected).contains("job=" + ARN);
    assertThat(here.requestToken()).isEqualTo(expected);
    assertThat(createBodies())
        .hasSize(2)
        .allSatisfy(b -> assertThat(b.path("clientRequestToken").asText()).isEqualTo(expected));
  }

  @Test
  void submit_conflictForOurOwnEarlierSubmissionReturnsThatJob() {
    JobSpec spec = TestSpecs.fineTuning();
    bedrock.server.stubFor(
        post(urlEqualTo(JOBS))
            .willReturn(error(400, "ConflictException", "A job with this name already exists")));
    bedrock.server.stubFor(
        get(urlEqualTo(JOBS + "/strudel-nova-lite-v1"))
            .willReturn(json(200, describeBody("InProgress", "", spec.requestToken()))));

    try (BedrockCustomizationBackend backend = backend().build()) {
      assertThat(backend.submit(spec).jobId()).isEqualTo(ARN);
    }
  }

  @Test
  void submit_conflictWithSomeoneElsesJobSaysToChooseAnotherName() {
    bedrock.server.stubFor(
        post(urlEqualTo(JOBS))
            .willReturn(error(400, "ConflictException", "A job with this name already exists")));
    bedrock.server.stubFor(
        get(urlEqualTo(JOBS + "/strudel-nova-lite-v1"))
            .willReturn(json(200, describeBody("Completed", "", "another-token"))));

    try (BedrockCustomizationBackend backend = backend().build()) {
      assertThatThrownBy(() -> backend.submit(TestSpecs.fineTuning()))
          .isInstanceOfSatisfying(
              BackendException.class,
              e -> {
                assertThat(e.getMessage())
                    .contains("create fine-tuning job 'strudel-nova-lite-v1'")
                    .contains("choose another job name")
                    .endsWith("[ConflictException]");
                assertThat(e.retryable()).isFalse();
              });
    }
  }

  @Test
  void submit_withoutRoleOrOutputSaysWhatToSet() {
    try (BedrockCustomizationBackend noRole =
            BedrockCustomizationBackend.builder()
                .bedrockClient(client)
                .outputBucket("out")
                .build();
        BedrockCustomizationBackend noOutput =
            BedrockCustomizationBackend.builder().bedrockClient(client).roleArn(ROLE).build()) {
      assertThatThrownBy(() -> noRole.submit(TestSpecs.distillation()))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("call roleArn(...)");
      assertThatThrownBy(() -> noOutput.submit(TestSpecs.fineTuning()))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("outputUri(\"s3://my-output-bucket/\")");
    }
    assertThat(createBodies()).isEmpty();
  }

  // TooManyTagsException: "50 tags per resource" (botocore bedrock/2023-04-20/service-2.json);
  // a 501 is a missing feature of the endpoint, never "temporary"
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          400 | ValidationException | Could not assume the provided role | false | trust policy must let bedrock.amazonaws.com call sts:AssumeRole
          400 | ValidationException | The S3 URI s3://training-bucket/x is not accessible | false | s3:GetObject, s3:ListBucket, s3:PutObject
          400 | ValidationException | Hyper parameter epochCount must be at most 5 | false | hyperparameters against Bedrock's rules
          403 | AccessDeniedException | User AKIAIOSFODNN7EXAMPLE is not authorized to perform iam:PassRole | false | iam:PassRole on arn:aws:iam::123456789012:role/BedrockFineTuning
          404 | ResourceNotFoundException | Model not found | false | base model id 'amazon.nova-lite-v1:0:300k' exists
          400 | ServiceQuotaExceededException | Too many jobs in progress | false | Service Quotas console
          400 | TooManyTagsException | Too many tags | false | at most 50 tags
          501 | NotImplemented | Not implemented | false | not temporary: trying again will not help
          429 | ThrottlingException | Rate exceeded | true | throttling requests
          500 | InternalServerException | Internal error | true | server error
          503 | ServiceUnavailableException | Service unavailable | true | server error
          403 | UnrecognizedClientException | The security token included in the request is invalid | false | AWS rejected the credentials
          """)
  void submit_eachBedrockErrorBecomesAnExplainedBackendException(
      int status, String type, String message, boolean retryable, String hint) {
    bedrock.server.stubFor(post(urlEqualTo(JOBS)).willReturn(error(status, type, message)));
    try (BedrockCustomizationBackend backend = backend().build()) {
      assertThatThrownBy(() -> backend.submit(TestSpecs.fineTuning()))
          .isInstanceOfSatisfying(
              BackendException.class,
              e -> {
                assertThat(e.getMessage())
                    .contains(hint)
                    .contains("strudel-nova-lite-v1")
                    .endsWith("[" + type + "]")
                    .doesNotContain("AKIAIOSFODNN7EXAMPLE")
                    .doesNotContain("test-secret");
                assertThat(e.retryable()).isEqualTo(retryable);
                assertThat(e.getCause()).isInstanceOf(AwsServiceException.class);
              });
    }
  }

  @Test
  void describe_mapsSubStagesLossesAndTimes() {
    bedrock.server.stubFor(
        get(urlPathEqualTo(jobPath(ARN)))
            .willReturn(json(200, describeBody("InProgress", STATUS_DETAILS + ",", "t"))));
    JobStatus status;
    try (BedrockCustomizationBackend backend = backend().build()) {
      status = backend.describe(ARN);
    }

    assertThat(status.jobId()).isEqualTo(ARN);
    assertThat(status.jobName()).isEqualTo("strudel-nova-lite-v1");
    assertThat(status.state()).isEqualTo(JobState.IN_PROGRESS);
    assertThat(status.stages())
        .containsExactly(
            new StageStatus(
                "validation",
                "Completed",
                Instant.parse("2025-11-09T13:00:05Z"),
                Instant.parse("2025-11-09T13:04:00Z")),
            new StageStatus(
                "dataProcessing",
                "Completed",
                Instant.parse("2025-11-09T13:04:00Z"),
                Instant.parse("2025-11-09T13:10:00Z")),
            new StageStatus("training", "InProgress", Instant.parse("2025-11-09T13:10:00Z"), null));
    assertThat(status.createdAt()).isEqualTo(Instant.parse("2025-11-09T13:00:01.250Z"));
    assertThat(status.updatedAt()).isEqualTo(Instant.parse("2025-11-09T13:30:00Z"));
    assertThat(status.endedAt()).isNull();
    assertThat(status.trainingLoss()).isEqualTo(0.234);
    assertThat(status.validationLoss()).isEqualTo(0.201);
    assertThat(status.failedStage()).isEmpty();
  }

  @Test
  void describe_withoutStatusDetailsHasNoStages() {
    bedrock.server.stubFor(
        get(urlPathEqualTo(jobPath(ARN)))
            .willReturn(json(200, describeBody("InProgress", "", "t"))));
    try (BedrockCustomizationBackend backend = backend().build()) {
      JobStatus status = backend.describe(ARN);
      assertThat(status.stages()).isEmpty();
      assertThat(status.state()).isEqualTo(JobState.IN_PROGRESS);
    }
  }

  @Test
  void describe_failedJobCarriesBedrocksMessageAndTheFailedStage() {
    String details =
        """
        "statusDetails": {
          "validationDetails": {"status": "Failed", "creationTime": "2025-11-09T13:00:05Z"},
          "dataProcessingDetails": {"status": "NotStarted"},
          "trainingDetails": {"status": "NotStarted"}
        },
        "failureMessage": "Data validation failed: line 3: the last turn must be assistant",
        "endTime": "2025-11-09T13:05:00Z",
        """;
    bedrock.server.stubFor(
        get(urlPathEqualTo(jobPath(ARN)))
            .willReturn(json(200, describeBody("Failed", details, "t"))));
    try (BedrockCustomizationBackend backend = backend().build()) {
      JobStatus status = backend.describe(ARN);
      assertThat(status.state()).isEqualTo(JobState.FAILED);
      assertThat(status.failureMessage()).contains("line 3");
      assertThat(status.failedStage()).map(StageStatus::stage).contains("validation");
      assertThat(status.endedAt()).isEqualTo(Instant.parse("2025-11-09T13:05:00Z"));
    }
  }

  @Test
  void describe_unknownJobSaysCheckArnAndRegion() {
    bedrock.server.stubFor(
        get(urlPathEqualTo(jobPath(ARN)))
            .willReturn(error(404, "ResourceNotFoundException", "Job not found")));
    try (BedrockCustomizationBackend backend = backend().build()) {
      assertThatThrownBy(() -> backend.describe(ARN))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("Bedrock has no customization job '" + ARN + "' in us-east-1")
          .hasMessageContaining("region is the one the job was created in");
    }
  }

  @Test
  void list_followsNextTokenAcrossTwoPagesWithFilters() {
    bedrock.server.stubFor(
        get(urlPathEqualTo(JOBS))
            .withQueryParam("nextToken", com.github.tomakehurst.wiremock.client.WireMock.absent())
            .willReturn(
                json(
                    200,
                    "{\"nextToken\":\"page-2\",\"modelCustomizationJobSummaries\":["
                        + summary("j2", "strudel-v2", "Completed", "DISTILLATION")
                        + ","
                        + summary("j1", "strudel-v1", "Completed", "FINE_TUNING")
                        + "]}")));
    bedrock.server.stubFor(
        get(urlPathEqualTo(JOBS))
            .withQueryParam("nextToken", equalTo("page-2"))
            .willReturn(
                json(
                    200,
                    "{\"modelCustomizationJobSummaries\":["
                        + summary("j0", "strudel-v0", "Completed", "FINE_TUNING")
                        + "]}")));

    List<JobSummary> all = new ArrayList<>();
    JobQuery query =
        new JobQuery(JobState.COMPLETED, "strudel", Instant.parse("2025-11-01T00:00:00Z"), 2, null);
    int pages = 0;
    try (BedrockCustomizationBackend backend = backend().build()) {
      while (true) {
        Page<JobSummary> page = backend.list(query);
        pages++;
        all.addAll(page.items());
        if (page.next().isEmpty()) {
          break;
        }
        query = query.withPageToken(page.nextToken());
      }
    }

    assertThat(pages).isEqualTo(2);
    assertThat(all)
        .extracting(JobSummary::jobName)
        .containsExactly("strudel-v2", "strudel-v1", "strudel-v0");
    JobSummary first = all.get(0);
    assertThat(first.jobId()).isEqualTo(jobArn("j2"));
    assertThat(first.state()).isEqualTo(JobState.COMPLETED);
    assertThat(first.type()).isEqualTo(CustomizationType.DISTILLATION);
    assertThat(first.baseModel()).isEqualTo("amazon.nova-lite-v1:0:300k");
    assertThat(first.customModelName()).isEqualTo("strudel-v2-model");
    assertThat(first.createdAt()).isEqualTo(Instant.parse("2025-11-09T13:00:00Z"));
    LoggedRequest request = bedrock.server.findAll(getRequestedFor(urlPathEqualTo(JOBS))).get(0);
    assertThat(request.queryParameter("statusEquals").firstValue()).isEqualTo("Completed");
    assertThat(request.queryParameter("nameContains").firstValue()).isEqualTo("strudel");
    assertThat(request.queryParameter("maxResults").firstValue()).isEqualTo("2");
    assertThat(request.queryParameter("sortBy").firstValue()).isEqualTo("CreationTime");
    assertThat(request.queryParameter("sortOrder").firstValue()).isEqualTo("Descending");
    assertThat(Instant.parse(request.queryParameter("creationTimeAfter").firstValue()))
        .isEqualTo(Instant.parse("2025-11-01T00:00:00Z"));
  }

  @Test
  void stop_postsToTheJobsStopEndpoint() {
    bedrock.server.stubFor(post(urlMatching(JOBS + "/.+/stop")).willReturn(json(200, "{}")));
    try (BedrockCustomizationBackend backend = backend().build()) {
      backend.stop(ARN);
    }
    LoggedRequest request =
        bedrock.server.findAll(postRequestedFor(urlMatching(JOBS + "/.+/stop"))).get(0);
    assertThat(java.net.URLDecoder.decode(request.getUrl(), StandardCharsets.UTF_8))
        .isEqualTo(JOBS + "/" + ARN + "/stop");
  }

  @Test
  void stop_finishedJobSaysItMayAlreadyBeDone() {
    bedrock.server.stubFor(
        post(urlMatching(JOBS + "/.+/stop"))
            .willReturn(error(400, "ValidationException", "Job is not in progress")));
    try (BedrockCustomizationBackend backend = backend().build()) {
      assertThatThrownBy(() -> backend.stop(ARN))
          .isInstanceOf(BackendException.class)
          .hasMessageContaining("stop job '" + ARN + "'")
          .hasMessageContaining("Job is not in progress");
    }
  }

  @Test
  void describe_throttledOnceIsRetriedBySdkAndSucceeds() {
    bedrock.server.stubFor(
        get(urlPathEqualTo(jobPath(ARN)))
            .inScenario("throttle")
            .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
            .willReturn(error(429, "ThrottlingException", "Rate exceeded"))
            .willSetStateTo("calm"));
    bedrock.server.stubFor(
        get(urlPathEqualTo(jobPath(ARN)))
            .inScenario("throttle")
            .whenScenarioStateIs("calm")
            .willReturn(json(200, describeBody("Completed", "", "t"))));

    try (BedrockClient retrying = bedrock.clientWithFastRetries();
        BedrockCustomizationBackend backend = backend().bedrockClient(retrying).build()) {
      assertThat(backend.describe(ARN).state()).isEqualTo(JobState.COMPLETED);
    }
    assertThat(bedrock.server.findAll(getRequestedFor(urlPathEqualTo(jobPath(ARN))))).hasSize(2);
  }

  @Test
  void build_readsBedrockEndpointAndRegionFromEnvironment() {
    bedrock.server.stubFor(
        get(urlPathEqualTo(jobPath(ARN)))
            .willReturn(json(200, describeBody("Completed", "", "t"))));
    try (BedrockCustomizationBackend backend =
        BedrockCustomizationBackend.builder()
            .environment(
                java.util.Map.of(
                    "AWS_ENDPOINT_URL_BEDROCK",
                    bedrock.endpoint().toString(),
                    "AWS_REGION",
                    "eu-central-1"))
            .credentialsProvider(S3ProxyServer.CREDENTIALS)
            .build()) {
      assertThat(backend.describe(ARN).state()).isEqualTo(JobState.COMPLETED);
      assertThat(backend.describeBackend()).isEqualTo("bedrock:eu-central-1");
    }
    assertThat(
            bedrock
                .server
                .findAll(getRequestedFor(urlPathEqualTo(jobPath(ARN))))
                .get(0)
                .getHeader("Authorization"))
        .contains("/eu-central-1/bedrock/aws4_request");
  }

  @Test
  void describeBackend_namesBedrockAndRegion() {
    try (BedrockCustomizationBackend backend = backend().build()) {
      assertThat(backend.describeBackend()).isEqualTo("bedrock:us-east-1");
    }
  }

  /** The path the SDK requests for a job: the ARN is one URL-encoded path segment. */
  static String jobPath(String arn) {
    return JOBS + "/" + software.amazon.awssdk.utils.http.SdkHttpUtils.urlEncode(arn);
  }

  static final String STATUS_DETAILS =
      """
      "statusDetails": {
        "validationDetails": {
          "status": "Completed",
          "creationTime": "2025-11-09T13:00:05Z",
          "lastModifiedTime": "2025-11-09T13:04:00Z"
        },
        "dataProcessingDetails": {
          "status": "Completed",
          "creationTime": "2025-11-09T13:04:00Z",
          "lastModifiedTime": "2025-11-09T13:10:00Z"
        },
        "trainingDetails": {"status": "InProgress", "creationTime": "2025-11-09T13:10:00Z"}
      },
      "trainingMetrics": {"trainingLoss": 0.234},
      "validationMetrics": [{"validationLoss": 0.25}, {"validationLoss": 0.201}]""";

  /** A GetModelCustomizationJob answer; {@code extra} is inserted as further fields. */
  static String describeBody(String status, String extra, String token) {
    return describeBody(
        ARN,
        status,
        extra,
        token,
        "s3://output-bucket/strudel/strudel-nova-lite-v1/2025-11-09T13-00-00/");
  }

  static String describeBody(String arn, String status, String extra, String token, String output) {
    return """
        {
          "jobArn": "%s",
          "jobName": "strudel-nova-lite-v1",
          "outputModelName": "strudel-nova-lite-v1",
          "clientRequestToken": "%s",
          "roleArn": "%s",
          "status": "%s",
          %s
          "creationTime": "2025-11-09T13:00:01.250Z",
          "lastModifiedTime": "2025-11-09T13:30:00Z",
          "baseModelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k",
          "hyperParameters": {"epochCount": "2", "batchSize": "1", "learningRate": "0.00001"},
          "trainingDataConfig": {"s3Uri": "%s"},
          "outputDataConfig": {"s3Uri": "%s"},
          "customizationType": "FINE_TUNING"
        }
        """
        .formatted(arn, token, ROLE, status, extra, TestSpecs.TRAIN, output);
  }

  private static String summary(String id, String name, String status, String type) {
    return """
        {"jobArn": "%s", "jobName": "%s", "status": "%s", "customizationType": "%s",
         "baseModelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k",
         "customModelName": "%s-model", "creationTime": "2025-11-09T13:00:00Z",
         "lastModifiedTime": "2025-11-09T14:00:00Z", "endTime": "2025-11-09T15:00:00Z"}"""
        .formatted(jobArn(id), name, status, type, name);
  }
}
