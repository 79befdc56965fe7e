package app.polychat.finetune.bedrock.serving;

import app.polychat.finetune.bedrock.aws.AwsService;
import app.polychat.finetune.bedrock.aws.AwsSettings;
import app.polychat.finetune.bedrock.internal.AwsClients;
import app.polychat.finetune.bedrock.internal.AwsExceptionMapper;
import app.polychat.finetune.bedrock.internal.AwsExceptionMapper.BedrockCall;
import app.polychat.finetune.bedrock.internal.ClientLease;
import app.polychat.finetune.bedrock.internal.InferencePricing;
import app.polychat.finetune.bedrock.internal.ModelIds;
import app.polychat.finetune.cost.ModelPrices;
import app.polychat.finetune.cost.PriceSource;
import app.polychat.finetune.cost.PriceTable;
import app.polychat.finetune.job.BackendException;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.validate.BedrockRules;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.ConflictException;
import software.amazon.awssdk.services.bedrock.model.CustomModelDeploymentSummary;
import software.amazon.awssdk.services.bedrock.model.GetCustomModelDeploymentResponse;
import software.amazon.awssdk.services.bedrock.model.GetProvisionedModelThroughputResponse;
import software.amazon.awssdk.services.bedrock.model.ListCustomModelDeploymentsResponse;
import software.amazon.awssdk.services.bedrock.model.ListProvisionedModelThroughputsResponse;
import software.amazon.awssdk.services.bedrock.model.ProvisionedModelSummary;
import software.amazon.awssdk.services.bedrock.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrock.model.Tag;

/**
 * Serves custom models: on-demand deployments by default, provisioned throughput only when a {@link
 * DeploymentRequest} asks for it; waits until they serve; lists what exists and what it costs;
 * deletes them.
 *
 * <p><b>Cost guard.</b> {@link #deploy} computes a {@link DeploymentCostNotice} (the hourly price
 * and the monthly figure from the price table, or the per-token rates on demand) and creates
 * nothing unless the {@link DeploymentConfirmation} accepts it.
 *
 * <p><b>Idempotent creation.</b> The {@code clientRequestToken} is a hash of the request, so the
 * same request sent again (after a timeout, from another process) creates nothing new; if Bedrock
 * answers that the name exists and the existing deployment serves the same model, it is returned.
 *
 * <pre>{@code
 * try (ModelDeployments deployments = ModelDeployments.builder().region("us-east-1").build()) {
 *   Deployment created = deployments.deploy(DeploymentRequest.onDemand(modelArn), notice -> {
 *     System.out.println(notice.text());
 *     return true;
 *   });
 *   Deployment ready = deployments.awaitReady(created.arn(), Duration.ofMinutes(30), d -> {});
 * }
 * }</pre>
 */
public final class ModelDeployments implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelDeployments.class);
  private static final int PAGE_SIZE = 100;

  private final BedrockClient bedrock;
  private final ClientLease<BedrockClient> lease;
  private final Region region;
  private final InferencePricing pricing;
  private final Duration pollInterval;
  private final Duration maxPollInterval;
  private final Clock clock;
  private final Map<String, String> baseModelByCustomModel = new ConcurrentHashMap<>();
  private final ProvisionedPriceLookup priceLookup;
  private final AutoCloseable ownedLookup;
  private final BigDecimal hourlyPrice;
  private final String hourlyPriceSource;

  private ModelDeployments(Builder b) {
    AwsSettings aws = b.aws.build();
    this.region =
        aws.bedrockClient()
            .map(c -> c.serviceClientConfiguration().region())
            .orElseGet(aws::region);
    this.lease =
        ClientLease.of(
            aws.bedrockClient(), () -> AwsClients.bedrock(aws, region, aws.maxAttempts()));
    this.bedrock = lease.client();
    this.pricing = b.pricing != null ? b.pricing : InferencePricing.defaults();
    this.hourlyPrice = b.hourlyPrice;
    this.hourlyPriceSource = b.hourlyPriceSource;
    if (b.priceLookup != null || aws.bedrockClient().isPresent() || !b.askPriceList) {
      this.priceLookup = b.priceLookup;
      this.ownedLookup = null;
    } else if (aws.endpoint(AwsService.BEDROCK).isPresent()
        && aws.endpoint(AwsService.PRICING).isEmpty()) {
      // Bedrock is served elsewhere (a test server, a proxy): do not ask AWS's own Price List
      // unless AWS_ENDPOINT_URL_PRICING names where to ask
      this.priceLookup = null;
      this.ownedLookup = null;
    } else {
      PriceListLookup lookup =
          PriceListLookup.builder().aws(aws).cacheFile(b.priceCacheFile).build();
      this.priceLookup = lookup;
      this.ownedLookup = lookup;
    }
    this.pollInterval = b.pollInterval;
    this.maxPollInterval = b.maxPollInterval;
    this.clock = b.clock;
  }

  /** {@return a builder with the defaults described on each setter} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return what deploying would cost, without creating anything: reads the custom model ({@code
   * GetCustomModel}) for its name and base model, and prices the request}
   *
   * @param request the model and how to deploy it
   * @throws BackendException when the model does not exist or is not {@code Active}
   * @throws FineTuneException when the price table has no prices for the base model
   */
  public DeploymentCostNotice costNotice(DeploymentRequest request) {
    Objects.requireNonNull(request, "request");
    CustomModelInfo model = customModel(request.modelArn());
    if (!model.active()) {
      throw new BackendException(
          "custom model '"
              + request.modelArn()
              + "' is "
              + model.status()
              + (model.failureMessage() == null ? "" : " (" + model.failureMessage() + ")")
              + ": only an Active model can be deployed"
              + ("Creating".equalsIgnoreCase(model.status())
                  ? "; wait for its customization job to finish"
                  : ""),
          null,
          "Creating".equalsIgnoreCase(model.status()));
    }
    checkServable(request, model);
    if (model.baseModelId() == null || !pricing.knows(model.baseModelId())) {
      throw new FineTuneException(
          "no prices for the base model "
              + (model.baseModelId() == null ? "(Bedrock did not name it)" : model.baseModelId())
              + " of '"
              + request.modelArn()
              + "': the cost cannot be shown, so nothing is deployed; add the model to the price"
              + " table");
    }
    String name =
        request.name() != null
            ? request.name()
            : DeploymentRequest.nameFrom(
                model.modelName(), request.kind() == DeploymentKind.PROVISIONED ? "-pt" : "");
    DeploymentCost cost =
        cost(request.kind(), model.baseModelId(), request.modelUnits(), request.commitment());
    return new DeploymentCostNotice(
        request.kind(),
        request.modelArn(),
        model.modelName(),
        model.baseModelId(),
        name,
        request.modelUnits(),
        request.commitment(),
        cost);
  }

  /**
   * Creates an on-demand deployment or, when the request asks for it, provisioned throughput, once
   * the confirmation accepts the cost. Returns at once with the deployment {@code Creating}; call
   * {@link #awaitReady} to wait until it serves.
   *
   * @param request the model and how to deploy it
   * @param confirmation decides, from the cost notice, whether to go ahead
   * @return the deployment, still {@code Creating}
   * @throws DeploymentDeclinedException when the confirmation declines (nothing is created)
   * @throws BackendException when Bedrock refuses (the message says what to check)
   */
  public Deployment deploy(DeploymentRequest request, DeploymentConfirmation confirmation) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(confirmation, "confirmation");
    DeploymentCostNotice notice = costNotice(request);
    if (!confirmation.confirm(notice)) {
      throw new DeploymentDeclinedException(notice);
    }
    String token = request.requestToken(notice.deploymentName());
    String arn =
        request.kind() == DeploymentKind.ON_DEMAND
            ? createOnDemand(request, notice, token)
            : createProvisioned(request, notice, token);
    log.info("created {} deployment {} ({})", request.kind(), notice.deploymentName(), arn);
    return new Deployment(
        arn,
        notice.deploymentName(),
        request.kind(),
        "Creating",
        DeploymentState.CREATING,
        request.modelArn(),
        notice.baseModelId(),
        request.modelUnits(),
        request.commitment(),
        clock.instant(),
        null,
        null,
        notice.cost());
  }

  private String createOnDemand(
      DeploymentRequest request, DeploymentCostNotice notice, String token) {
    BedrockCall call =
        BedrockCall.about(
            "create on-demand deployment '" + notice.deploymentName() + "'",
            region.id(),
            "deployment '" + notice.deploymentName() + "'");
    try {
      return bedrock
          .createCustomModelDeployment(
              r ->
                  r.modelDeploymentName(notice.deploymentName())
                      .modelArn(request.modelArn())
                      .description(request.description())
                      .clientRequestToken(token)
                      .tags(tags(request.tags())))
          .customModelDeploymentArn();
    } catch (ConflictException e) {
      return existingWithSameModel(notice.deploymentName(), request.modelArn())
          .orElseThrow(() -> AwsExceptionMapper.toBackend(e, call));
    } catch (SdkException e) {
      throw AwsExceptionMapper.toBackend(e, call);
    }
  }

  private String createProvisioned(
      DeploymentRequest request, DeploymentCostNotice notice, String token) {
    BedrockCall call =
        BedrockCall.about(
            "create provisioned throughput '" + notice.deploymentName() + "'",
            region.id(),
            "provisioned throughput '" + notice.deploymentName() + "'");
    try {
      return bedrock
          .createProvisionedModelThroughput(
              r ->
                  r.provisionedModelName(notice.deploymentName())
                      .modelId(request.modelArn())
                      .modelUnits(request.modelUnits())
                      .commitmentDuration(request.commitment().bedrockValue())
                      .clientRequestToken(token)
                      .tags(tags(request.tags())))
          .provisionedModelArn();
    } catch (ConflictException e) {
      return existingWithSameModel(notice.deploymentName(), request.modelArn())
          .orElseThrow(() -> AwsExceptionMapper.toBackend(e, call));
    } catch (SdkException e) {
      throw AwsExceptionMapper.toBackend(e, call);
    }
  }

  /** After a name conflict: the existing deployment of that name, if it serves the same model. */
  private Optional<String> existingWithSameModel(String name, String modelArn) {
    try {
      Deployment existing = get(name);
      if (modelArn.equals(existing.modelArn())) {
        log.info("deployment {} already exists for this model: reusing {}", name, existing.arn());
        return Optional.of(existing.arn());
      }
    } catch (FineTuneException e) {
      log.debug("could not look up {} after a conflict", name, e);
    }
    return Optional.empty();
  }

  /**
   * Polls until the deployment serves ({@code Active} or {@code InService}), backing off from the
   * poll interval up to the maximum, and longer while Bedrock throttles.
   *
   * @param listener told the first state and every change
   * @param arnOrName the deployment's ARN or name
   * @param timeout how long to wait at most
   * @return the deployment, ready
   * @throws BackendException when it failed (with Bedrock's reason), when Bedrock refuses, or when
   *     the timeout passes first (retryable: it keeps deploying; look again later)
   */
  public Deployment awaitReady(String arnOrName, Duration timeout, Consumer<Deployment> listener) {
    Objects.requireNonNull(arnOrName, "arnOrName");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(listener, "listener");
    Instant deadline = clock.instant().plus(timeout);
    Duration wait = pollInterval;
    DeploymentState lastState = null;
    Deployment last = null;
    while (true) {
      try {
        last = get(arnOrName);
        if (last.state() != lastState) {
          listener.accept(last);
          lastState = last.state();
        }
        if (last.state() == DeploymentState.READY) {
          return last;
        }
        if (last.state() == DeploymentState.FAILED) {
          throw new BackendException(
              (last.kind() == DeploymentKind.ON_DEMAND
                      ? "deployment '"
                      : "provisioned throughput '")
                  + last.name()
                  + "' failed"
                  + (last.failureMessage() == null
                      ? ""
                      : ": " + last.failureMessage().strip().replaceAll("\\.+$", ""))
                  + ". Delete it (finetune model undeploy "
                  + last.arn()
                  + ") and deploy again once the cause is fixed");
        }
        wait = min(multiply(wait, 1.5), maxPollInterval);
      } catch (BackendException e) {
        if (!e.retryable() || lastState == DeploymentState.FAILED) {
          throw e;
        }
        wait = min(wait.multipliedBy(2), maxPollInterval.multipliedBy(4));
        log.warn("reading {} failed ({}); trying again in {}", arnOrName, e.getMessage(), wait);
      }
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        throw new BackendException(
            "'"
                + arnOrName
                + "' is still "
                + (last == null ? "not readable" : last.status())
                + " after "
                + timeout.toMinutes()
                + " min; Bedrock keeps deploying it: look again later (finetune model"
                + " deployments)",
            null,
            true);
      }
      sleep(min(wait, left));
    }
  }

  /**
   * {@return one deployment or provisioned throughput, by ARN or name, with its cost}
   *
   * @param arnOrName the deployment's or provisioned throughput's ARN or name
   * @throws BackendException when there is none by that identifier
   */
  public Deployment get(String arnOrName) {
    Objects.requireNonNull(arnOrName, "arnOrName");
    if (ModelIds.isProvisionedArn(arnOrName)) {
      return getProvisioned(arnOrName);
    }
    if (ModelIds.isDeploymentArn(arnOrName)) {
      return getOnDemand(arnOrName);
    }
    if (arnOrName.startsWith("arn:")) {
      throw new BackendException(
          "'"
              + arnOrName
              + "' is neither a custom model deployment ARN (…:custom-model-deployment/…) nor a"
              + " provisioned throughput ARN (…:provisioned-model/…)");
    }
    try {
      return getOnDemand(arnOrName);
    } catch (BackendException e) {
      if (!(e.getCause() instanceof ResourceNotFoundException)) {
        throw e;
      }
      return getProvisioned(arnOrName); // a name: it may be a provisioned throughput
    }
  }

  private Deployment getOnDemand(String arnOrName) {
    GetCustomModelDeploymentResponse d;
    try {
      d = bedrock.getCustomModelDeployment(r -> r.customModelDeploymentIdentifier(arnOrName));
    } catch (SdkException e) {
      throw AwsExceptionMapper.toBackend(
          e,
          BedrockCall.about(
              "describe deployment '" + arnOrName + "'",
              region.id(),
              "deployment '" + arnOrName + "'"));
    }
    return onDemand(
        d.customModelDeploymentArn(),
        d.modelDeploymentName(),
        d.statusAsString(),
        d.modelArn(),
        d.createdAt(),
        d.failureMessage());
  }

  private Deployment getProvisioned(String arnOrName) {
    GetProvisionedModelThroughputResponse p;
    try {
      p = bedrock.getProvisionedModelThroughput(r -> r.provisionedModelId(arnOrName));
    } catch (SdkException e) {
      throw AwsExceptionMapper.toBackend(
          e,
          BedrockCall.about(
              "describe provisioned throughput '" + arnOrName + "'",
              region.id(),
              "deployment or provisioned throughput '" + arnOrName + "'"));
    }
    return provisioned(
        p.provisionedModelArn(),
        p.provisionedModelName(),
        p.statusAsString(),
        p.modelArn(),
        p.foundationModelArn(),
        p.modelUnits(),
        p.commitmentDurationAsString(),
        p.creationTime(),
        p.commitmentExpirationTime(),
        p.failureMessage());
  }

  /**
   * Everything that is deployed in the region, on demand and provisioned, with what each costs per
   * hour and per month, so nothing is left billing by accident.
   *
   * @return every deployment and provisioned throughput, with its cost
   * @throws BackendException when Bedrock refuses
   */
  public List<Deployment> list() {
    List<Deployment> all = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListCustomModelDeploymentsResponse page;
      try {
        page = bedrock.listCustomModelDeployments(r -> r.maxResults(PAGE_SIZE).nextToken(next));
      } catch (SdkException e) {
        throw AwsExceptionMapper.toBackend(
            e, new BedrockCall("list custom model deployments", region.id(), null, null, null));
      }
      for (CustomModelDeploymentSummary d : page.modelDeploymentSummaries()) {
        all.add(
            onDemand(
                d.customModelDeploymentArn(),
                d.customModelDeploymentName(),
                d.statusAsString(),
                d.modelArn(),
                d.createdAt(),
                d.failureMessage()));
      }
      token = page.nextToken();
    } while (token != null);
    do {
      String next = token;
      ListProvisionedModelThroughputsResponse page;
      try {
        page =
            bedrock.listProvisionedModelThroughputs(r -> r.maxResults(PAGE_SIZE).nextToken(next));
      } catch (SdkException e) {
        throw AwsExceptionMapper.toBackend(
            e, new BedrockCall("list provisioned throughputs", region.id(), null, null, null));
      }
      for (ProvisionedModelSummary p : page.provisionedModelSummaries()) {
        all.add(
            provisioned(
                p.provisionedModelArn(),
                p.provisionedModelName(),
                p.statusAsString(),
                p.modelArn(),
                p.foundationModelArn(),
                p.modelUnits(),
                p.commitmentDurationAsString(),
                p.creationTime(),
                p.commitmentExpirationTime(),
                null));
      }
      token = page.nextToken();
    } while (token != null);
    return all;
  }

  /**
   * Deletes an on-demand deployment or a provisioned throughput, by ARN or name; billing stops. A
   * provisioned throughput with a committed term cannot be deleted before the term ends.
   *
   * @param arnOrName the deployment's or provisioned throughput's ARN or name
   * @return what was deleted, as it was just before
   * @throws BackendException when there is none by that identifier, or Bedrock refuses
   */
  public Deployment delete(String arnOrName) {
    Deployment target = get(arnOrName);
    try {
      if (target.kind() == DeploymentKind.ON_DEMAND) {
        bedrock.deleteCustomModelDeployment(r -> r.customModelDeploymentIdentifier(target.arn()));
      } else {
        bedrock.deleteProvisionedModelThroughput(r -> r.provisionedModelId(target.arn()));
      }
    } catch (SdkException e) {
      String what =
          (target.kind() == DeploymentKind.ON_DEMAND ? "deployment '" : "provisioned throughput '")
              + target.name()
              + "'";
      BackendException mapped =
          AwsExceptionMapper.toBackend(e, BedrockCall.about("delete " + what, region.id(), what));
      if (target.commitment() != Commitment.NONE && target.commitmentExpiresAt() != null) {
        throw new BackendException(
            mapped.getMessage()
                + " Its committed term runs until "
                + target.commitmentExpiresAt()
                + " and cannot be ended early.",
            e,
            false);
      }
      throw mapped;
    }
    log.info("deleted {} {}", target.kind(), target.arn());
    return target;
  }

  private Deployment onDemand(
      String arn, String name, String status, String modelArn, Instant created, String failure) {
    String base = baseModelOf(modelArn);
    DeploymentCost cost =
        base != null && pricing.knows(base)
            ? cost(DeploymentKind.ON_DEMAND, base, 0, Commitment.NONE)
            : null;
    return new Deployment(
        arn,
        name,
        DeploymentKind.ON_DEMAND,
        status,
        state(status, arn),
        modelArn,
        base,
        0,
        Commitment.NONE,
        created,
        null,
        failure,
        cost);
  }

  private Deployment provisioned(
      String arn,
      String name,
      String status,
      String modelArn,
      String foundationModelArn,
      Integer units,
      String commitmentDuration,
      Instant created,
      Instant expires,
      String failure) {
    String base = ModelIds.foundationModelId(foundationModelArn);
    int modelUnits = units == null ? 0 : units;
    Commitment commitment = Commitment.ofBedrock(commitmentDuration);
    DeploymentCost cost =
        base != null && pricing.knows(base) && modelUnits > 0
            ? cost(DeploymentKind.PROVISIONED, base, modelUnits, commitment)
            : null;
    return new Deployment(
        arn,
        name,
        DeploymentKind.PROVISIONED,
        status,
        state(status, arn),
        modelArn,
        base,
        modelUnits,
        commitment,
        created,
        expires,
        failure,
        cost);
  }

  private static DeploymentState state(String status, String arn) {
    try {
      return DeploymentState.of(status);
    } catch (IllegalArgumentException e) {
      throw new BackendException(
          "Bedrock reported status '" + status + "' for " + arn + ": " + e.getMessage(), e, false);
    }
  }

  /** The base model of a custom model, read once per model; null when it cannot be read. */
  private String baseModelOf(String customModelArn) {
    if (customModelArn == null) {
      return null;
    }
    String known = baseModelByCustomModel.get(customModelArn);
    if (known != null) {
      return known;
    }
    try {
      String base = customModel(customModelArn).baseModelId();
      if (base != null) {
        baseModelByCustomModel.put(customModelArn, base);
      }
      return base;
    } catch (BackendException e) {
      log.warn(
          "cannot read custom model {} to price its deployment: {}",
          customModelArn,
          e.getMessage());
      return null;
    }
  }

  private CustomModelInfo customModel(String modelArn) {
    try {
      CustomModelInfo info =
          ModelCatalog.toInfo(bedrock.getCustomModel(r -> r.modelIdentifier(modelArn)));
      if (info.baseModelId() != null) {
        baseModelByCustomModel.put(info.modelArn(), info.baseModelId());
      }
      return info;
    } catch (SdkException e) {
      throw AwsExceptionMapper.toBackend(
          e,
          BedrockCall.about(
              "describe custom model '" + modelArn + "'",
              region.id(),
              "custom model '" + modelArn + "'"));
    }
  }

  /**
   * Bedrock's rules for serving a custom model, checked before the cost is shown so that nothing is
   * confirmed that Bedrock would refuse. On demand (Bedrock user guide, "Deploy a custom model for
   * on-demand inference"): only customizations of the base models {@link
   * BedrockRules#ON_DEMAND_DEPLOYMENT_REGIONS} lists, in their Regions, customized on or after
   * {@link BedrockRules#ON_DEMAND_CUSTOMIZED_SINCE}. Provisioned (user guide, "Provisioned
   * Throughput" quotas), unless the request says the quota was raised: without commitment 1 model
   * unit and at most 2 such throughputs per account; a commitment starts with a quota of 0 units.
   */
  private void checkServable(DeploymentRequest request, CustomModelInfo model) {
    String base =
        model.baseModelId() == null ? null : model.baseModelId().replaceAll(":\\d+k$", "");
    if (request.kind() == DeploymentKind.ON_DEMAND) {
      List<String> regions =
          base == null ? null : BedrockRules.ON_DEMAND_DEPLOYMENT_REGIONS.get(base);
      if (regions == null) {
        throw refused(
            "on-demand deployment serves customizations of "
                + String.join(
                    ", ",
                    new java.util.TreeSet<>(BedrockRules.ON_DEMAND_DEPLOYMENT_REGIONS.keySet()))
                + " only, and '"
                + request.modelArn()
                + "' was customized from "
                + (model.baseModelId() == null
                    ? "a base model Bedrock did not name"
                    : model.baseModelId())
                + ": serve it with provisioned throughput instead (--provisioned)");
      }
      if (!regions.contains(region.id())) {
        throw refused(
            "on-demand deployment of customized "
                + base
                + " is available in "
                + String.join(", ", regions)
                + " only, not "
                + region.id()
                + ": deploy there (AWS_REGION="
                + regions.get(0)
                + "; the custom model has to be in that Region), or use provisioned throughput");
      }
      Instant since =
          BedrockRules.ON_DEMAND_CUSTOMIZED_SINCE
              .atStartOfDay(java.time.ZoneOffset.UTC)
              .toInstant();
      if (model.createdAt() != null && model.createdAt().isBefore(since)) {
        throw refused(
            "'"
                + request.modelArn()
                + "' was customized on "
                + model.createdAt().atZone(java.time.ZoneOffset.UTC).toLocalDate()
                + ", and on-demand deployment serves models customized on or after "
                + BedrockRules.ON_DEMAND_CUSTOMIZED_SINCE
                + ": train it again to deploy on demand, or use provisioned throughput");
      }
      return;
    }
    if (request.quotaIncreased()) {
      return;
    }
    String quotaHint =
        "request an increase in Service Quotas (Amazon Bedrock) and, once granted, deploy with"
            + " quotaIncreased(true) (--quota-increased)";
    if (request.commitment() != Commitment.NONE) {
      throw refused(
          "a committed term starts with a quota of "
              + BedrockRules.COMMITTED_MODEL_UNITS_DEFAULT_QUOTA
              + " model units ('Model units per provisioned model for "
              + (base == null ? "the base model" : base)
              + "'): "
              + quotaHint);
    }
    if (request.modelUnits() > BedrockRules.NO_COMMITMENT_MODEL_UNITS) {
      throw refused(
          "provisioned throughput without commitment takes "
              + BedrockRules.NO_COMMITMENT_MODEL_UNITS
              + " model unit under the default quota, not "
              + request.modelUnits()
              + ": ask for 1 unit, or "
              + quotaHint);
    }
    List<String> existing = noCommitmentThroughputs();
    if (existing != null && existing.size() >= BedrockRules.NO_COMMITMENT_THROUGHPUTS_PER_ACCOUNT) {
      throw refused(
          "the account already has "
              + existing.size()
              + " provisioned throughputs without commitment in "
              + region.id()
              + " ("
              + String.join(", ", existing)
              + "), and the default quota is "
              + BedrockRules.NO_COMMITMENT_THROUGHPUTS_PER_ACCOUNT
              + ": delete one (finetune model undeploy NAME), or "
              + quotaHint);
    }
  }

  /**
   * The provisioned throughputs without commitment that count against the quota; null if
   * unreadable.
   */
  private List<String> noCommitmentThroughputs() {
    List<String> found = new ArrayList<>();
    String token = null;
    try {
      do {
        String next = token;
        ListProvisionedModelThroughputsResponse page =
            bedrock.listProvisionedModelThroughputs(r -> r.maxResults(PAGE_SIZE).nextToken(next));
        for (ProvisionedModelSummary p : page.provisionedModelSummaries()) {
          if (p.commitmentDuration() == null && !"Failed".equalsIgnoreCase(p.statusAsString())) {
            found.add(p.provisionedModelName());
          }
        }
        token = page.nextToken();
      } while (token != null);
    } catch (SdkException e) {
      log.warn(
          "cannot list provisioned throughputs to check the quota ({}): Bedrock will check it",
          e.getMessage());
      return null;
    }
    return found;
  }

  private static BackendException refused(String why) {
    return new BackendException("Bedrock would refuse this deployment: " + why, null, false);
  }

  /**
   * What a deployment of this kind costs. On demand: the base model's per-token rates from the
   * price table. Provisioned throughput, in order: the price given to the builder ({@code
   * --hourly-price}); the user's price table; the {@link ProvisionedPriceLookup} (the AWS Price
   * List API); else unknown, saying what was tried. Nothing is guessed.
   */
  DeploymentCost cost(DeploymentKind kind, String baseModelId, int units, Commitment commitment) {
    ModelPrices prices = pricing.modelPrices(baseModelId);
    if (kind == DeploymentKind.ON_DEMAND) {
      PriceSource source = prices.source(ModelPrices.INPUT);
      return new DeploymentCost(
          BigDecimal.ZERO,
          BigDecimal.ZERO,
          BigDecimal.ZERO,
          prices.inputPer1kTokens(),
          prices.outputPer1kTokens(),
          "per token at " + baseModelId + "'s on-demand rates",
          source.asOf() == null ? null : source.asOf().toString(),
          source.description());
    }
    if (hourlyPrice != null) {
      return DeploymentCost.provisionedHourly(
          hourlyPrice, units, commitment, hourlyPriceSource, LocalDate.now(clock).toString());
    }
    if (commitment == Commitment.NONE && prices.provisionedPerUnitHour().isPresent()) {
      PriceSource source = prices.source(ModelPrices.PROVISIONED_HOURLY);
      return DeploymentCost.provisionedHourly(
          prices.provisionedPerUnitHour().get(),
          units,
          commitment,
          source.description(),
          source.asOf() == null ? null : source.asOf().toString());
    }
    if (commitment != Commitment.NONE && prices.provisionedPerUnitMonthCommitted().isPresent()) {
      PriceSource source = prices.source(ModelPrices.PROVISIONED_MONTHLY_COMMITTED);
      return DeploymentCost.provisionedMonthly(
          prices.provisionedPerUnitMonthCommitted().get(),
          units,
          commitment,
          source.description(),
          source.asOf() == null ? null : source.asOf().toString());
    }
    if (priceLookup == null) {
      return DeploymentCost.unknown(
          "no price was given (--hourly-price, or a price file) and the AWS Price List API was"
              + " not asked");
    }
    ProvisionedPriceLookup.Result found = priceLookup.find(baseModelId, region.id(), commitment);
    if (!found.isFound()) {
      return DeploymentCost.unknown(
          "no price was given (--hourly-price, or a price file) and " + found.reason());
    }
    return DeploymentCost.provisionedHourly(
        found.perUnitHour(),
        units,
        commitment,
        found.source().description(),
        found.source().asOf() == null ? null : found.source().asOf().toString());
  }

  private static List<Tag> tags(Map<String, String> tags) {
    List<Tag> list = new ArrayList<>();
    tags.forEach((k, v) -> list.add(Tag.builder().key(k).value(v).build()));
    return list.isEmpty() ? null : list;
  }

  private static Duration multiply(Duration d, double factor) {
    return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * factor)));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FineTuneException("interrupted while waiting for the deployment", e);
    }
  }

  /** {@return the region deployments are made in} */
  public String region() {
    return region.id();
  }

  /** Closes the client this object built; an injected client stays open. */
  @Override
  public void close() {
    lease.close();
    if (ownedLookup != null) {
      try {
        ownedLookup.close();
      } catch (Exception e) {
        log.debug("closing the price lookup failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "ModelDeployments{" + region.id() + "}";
  }

  /** Builds {@link ModelDeployments}. */
  public static final class Builder {
    private AwsSettings.Builder aws = AwsSettings.builder();
    private InferencePricing pricing;
    private ProvisionedPriceLookup priceLookup;
    private boolean askPriceList = true;
    private java.nio.file.Path priceCacheFile;
    private BigDecimal hourlyPrice;
    private String hourlyPriceSource;
    private Duration pollInterval = Duration.ofSeconds(15);
    private Duration maxPollInterval = Duration.ofMinutes(1);
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
     * A Bedrock client to use instead of building one; it is not closed by {@link #close()}.
     *
     * @param bedrockClient a Bedrock client to use instead of building one; it is not closed by
     *     {@link #close()}
     * @return this builder
     */
    public Builder bedrockClient(BedrockClient bedrockClient) {
      aws.bedrockClient(bedrockClient);
      return this;
    }

    /**
     * Credentials for the client built here; default {@code AWS_ACCESS_KEY_ID}/{@code
     * AWS_SECRET_ACCESS_KEY} or {@code AWS_PROFILE} from the environment map, else the SDK's chain.
     *
     * @param credentialsProvider credentials for the client built here; default {@code
     *     AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} or {@code AWS_PROFILE} from the
     *     environment map, else the SDK's chain
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
     * Where the {@code AWS_*} settings are read from; default the process environment.
     *
     * @param environment the variables, by name
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      aws.environment(environment);
      return this;
    }

    /**
     * The first wait between two polls of {@link #awaitReady} (default 15 s); each later wait is
     * half as long again, up to {@link #maxPollInterval}.
     *
     * @param pollInterval the first wait between two polls of {@link #awaitReady} (default 15 s);
     *     each later wait is half as long again, up to {@link #maxPollInterval}
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = positive(pollInterval, "pollInterval");
      return this;
    }

    /**
     * The longest wait between two polls (default 1 min).
     *
     * @param maxPollInterval the longest wait between two polls (default 1 min)
     * @return this builder
     */
    public Builder maxPollInterval(Duration maxPollInterval) {
      this.maxPollInterval = positive(maxPollInterval, "maxPollInterval");
      return this;
    }

    /**
     * The clock for timeouts and creation times.
     *
     * @param clock the clock for timeouts and creation times
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }

    /**
     * The prices behind the cost figures (default {@link PriceTable#load()}, the bundled table).
     *
     * @param priceTable the prices behind the cost figures (default {@link PriceTable#load()}, the
     *     bundled table)
     * @return this builder
     */
    public Builder priceTable(PriceTable priceTable) {
      this.pricing = InferencePricing.of(Objects.requireNonNull(priceTable, "priceTable"));
      return this;
    }

    /**
     * The price of provisioned throughput per model unit and hour, as the user gives it (read from
     * AWS's pricing page or the console), and where it comes from ({@code "--hourly-price"}). It
     * wins over the price table and the Price List API.
     *
     * @param perUnitHour US dollars per model unit and hour
     * @param source where the price came from, for messages
     * @return this builder
     */
    public Builder hourlyPrice(BigDecimal perUnitHour, String source) {
      Objects.requireNonNull(perUnitHour, "perUnitHour");
      if (perUnitHour.signum() <= 0) {
        throw new IllegalArgumentException(
            "the hourly price must be positive (US dollars per model unit and hour), was "
                + perUnitHour);
      }
      this.hourlyPrice = perUnitHour;
      this.hourlyPriceSource = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Where provisioned-throughput prices are looked up when neither {@link #hourlyPrice} nor the
     * price table gives one. Default: the AWS Price List API ({@link PriceListLookup}) with this
     * builder's credentials, when this object builds its own client and Bedrock's endpoint is AWS's
     * (or {@code AWS_ENDPOINT_URL_PRICING} is set); none with an injected client.
     *
     * @param priceLookup where provisioned-throughput prices are looked up when neither {@link
     *     #hourlyPrice} nor the price table gives one
     * @return this builder
     */
    public Builder provisionedPriceLookup(ProvisionedPriceLookup priceLookup) {
      this.priceLookup = priceLookup;
      return this;
    }

    /**
     * Whether to ask the AWS Price List API by default (true); false: never.
     *
     * @param askPriceList whether to ask the AWS Price List API by default (true); false: never
     * @return this builder
     */
    public Builder askPriceList(boolean askPriceList) {
      this.askPriceList = askPriceList;
      return this;
    }

    /**
     * A file where prices fetched from the Price List API are cached with their date.
     *
     * @param priceCacheFile a file where prices fetched from the Price List API are cached with
     *     their date
     * @return this builder
     */
    public Builder priceCacheFile(java.nio.file.Path priceCacheFile) {
      this.priceCacheFile = priceCacheFile;
      return this;
    }

    /** {@return the ModelDeployments, checking that everything required is set} */
    public ModelDeployments build() {
      if (maxPollInterval.compareTo(pollInterval) < 0) {
        throw new IllegalStateException(
            "maxPollInterval ("
                + maxPollInterval
                + ") is shorter than pollInterval ("
                + pollInterval
                + ")");
      }
      return new ModelDeployments(this);
    }
  }
}
