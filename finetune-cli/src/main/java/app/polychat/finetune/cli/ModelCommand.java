package app.polychat.finetune.cli;

import app.polychat.finetune.FineTuneException;
import app.polychat.finetune.bedrock.Commitment;
import app.polychat.finetune.bedrock.ComparisonListener;
import app.polychat.finetune.bedrock.ComparisonReport;
import app.polychat.finetune.bedrock.CustomModelInfo;
import app.polychat.finetune.bedrock.Deployment;
import app.polychat.finetune.bedrock.DeploymentCost;
import app.polychat.finetune.bedrock.DeploymentCostNotice;
import app.polychat.finetune.bedrock.DeploymentDeclinedException;
import app.polychat.finetune.bedrock.DeploymentKind;
import app.polychat.finetune.bedrock.DeploymentRequest;
import app.polychat.finetune.bedrock.DeploymentState;
import app.polychat.finetune.bedrock.FoundationModel;
import app.polychat.finetune.bedrock.ModelAnswer;
import app.polychat.finetune.bedrock.ModelCatalog;
import app.polychat.finetune.bedrock.ModelComparison;
import app.polychat.finetune.bedrock.ModelDeployments;
import app.polychat.finetune.bedrock.ModelResult;
import app.polychat.finetune.bedrock.ModelTester;
import app.polychat.finetune.bedrock.PolychatModelExport;
import app.polychat.finetune.check.AnswerChecks;
import app.polychat.finetune.check.Score;
import app.polychat.finetune.cost.PriceTable;
import app.polychat.finetune.internal.Json;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.polychat.PolychatExampleSource;
import app.polychat.finetune.source.ExampleSource;
import app.polychat.finetune.strudel.StrudelScorer;
import app.polychat.finetune.validate.BedrockRules;
import app.polychat.finetune.validate.DistillationTeacher;
import app.polychat.finetune.validate.ModelRules;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code finetune model ...}: after training. List the models Bedrock can customize, describe a
 * custom model, deploy it (on demand by default; provisioned throughput only when asked, after the
 * cost is shown and confirmed), list and delete deployments, test it, compare it with its base
 * model and the teacher, and export it to Polychat.
 */
@Command(
    name = "model",
    description = "Deploy, test, compare and export fine-tuned models.",
    subcommands = {
      ModelCommand.ListModels.class,
      ModelCommand.Info.class,
      ModelCommand.Deploy.class,
      ModelCommand.Deployments.class,
      ModelCommand.Undeploy.class,
      ModelCommand.Test.class,
      ModelCommand.Compare.class,
      ModelCommand.Export.class
    })
final class ModelCommand {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

  /** The held-out split the dataset commands write, compared by default. */
  static final Path DEFAULT_PROMPTS = Path.of("datasets", "strudel", "validation.jsonl");

  /** The prompt {@code model test} sends when none is given. */
  static final String DEFAULT_TEST_PROMPT =
      "Create a driving techno beat with a four-on-the-floor kick and offbeat hats";

  private ModelCommand() {}

  @Command(
      name = "list",
      description = "List the foundation models Bedrock can fine-tune (or distill into).",
      footer = {"", "Examples:", "  finetune model list", "  finetune model list --distillation"})
  static final class ListModels implements Callable<Integer> {
    private final Context context;

    @Option(
        names = "--distillation",
        description = "Models that support distillation, and the teachers of each student.")
    boolean distillation;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    ListModels(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      CustomizationType type =
          distillation ? CustomizationType.DISTILLATION : CustomizationType.FINE_TUNING;
      try (AwsComponents aws = new AwsComponents(context)) {
        ModelCatalog catalog = aws.catalog();
        List<FoundationModel> models = catalog.foundationModels(type);
        if (json) {
          context.out().println(Json.writePretty(listJson(type, models)));
          context.out().flush();
          return 0;
        }
        Terminal t = context.terminal();
        t.println(
            "Foundation models that support "
                + (distillation ? "distillation" : "fine-tuning")
                + " in "
                + catalog.region()
                + ":");
        t.println();
        if (models.isEmpty()) {
          t.println("  (none: customization of Nova models is offered in us-east-1)");
        } else {
          List<String[]> rows = new ArrayList<>();
          rows.add(new String[] {"MODEL ID", "NAME", "PROVIDER", "CUSTOMIZATIONS"});
          for (FoundationModel m : models) {
            rows.add(
                new String[] {
                  m.modelId(),
                  String.valueOf(m.name()),
                  String.valueOf(m.provider()),
                  String.join(", ", m.customizations())
                });
          }
          table(t, rows);
        }
        if (distillation) {
          t.println();
          t.println("Distillation teachers and the students they teach (us-east-1):");
          for (DistillationTeacher teacher : ModelCatalog.distillationTeachers()) {
            t.println(
                "  "
                    + String.join(" or ", teacher.identifiers())
                    + (BedrockRules.TEACHER_INFERENCE_PROFILE_ONLY.containsKey(teacher.modelId())
                        ? " (inference profile only: Bedrock refuses " + teacher.modelId() + ")"
                        : ""));
            t.println("      → " + String.join(", ", studentIds(teacher)));
          }
          t.println();
          t.println(
              "Example: finetune job distill --teacher us.amazon.nova-premier-v1:0 --base-model"
                  + " amazon.nova-lite-v1:0:300k ...");
        }
        return 0;
      }
    }

    private ObjectNode listJson(CustomizationType type, List<FoundationModel> models) {
      ObjectNode root = Json.mapper().createObjectNode();
      root.put("customizationType", type.name());
      ArrayNode array = root.putArray("models");
      for (FoundationModel m : models) {
        ObjectNode node = array.addObject();
        node.put("modelId", m.modelId());
        node.put("name", m.name());
        node.put("provider", m.provider());
        node.put("modelArn", m.modelArn());
        m.customizations().forEach(node.putArray("customizations")::add);
        m.inferenceTypes().forEach(node.putArray("inferenceTypes")::add);
        node.put("lifecycleStatus", m.lifecycleStatus());
      }
      if (type == CustomizationType.DISTILLATION) {
        ArrayNode teachers = root.putArray("teachers");
        for (DistillationTeacher teacher : ModelCatalog.distillationTeachers()) {
          ObjectNode node = teachers.addObject();
          teacher.identifiers().forEach(node.putArray("identifiers")::add);
          studentIds(teacher).forEach(node.putArray("students")::add);
        }
      }
      return root;
    }

    private static List<String> studentIds(DistillationTeacher teacher) {
      return teacher.students().stream().map(alias -> ModelRules.of(alias).modelId()).toList();
    }
  }

  @Command(
      name = "info",
      description = "Describe a custom model: status, base model, job, hyperparameters, losses.")
  static final class Info implements Callable<Integer> {
    private final Context context;

    @Parameters(paramLabel = "MODEL", description = "Custom model ARN or name.")
    String model;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    Info(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      try (AwsComponents aws = new AwsComponents(context)) {
        CustomModelInfo info = aws.catalog().customModel(model);
        if (json) {
          context.out().println(Json.writePretty(infoJson(info)));
          context.out().flush();
          return 0;
        }
        Terminal t = context.terminal();
        t.println(t.bold(String.valueOf(info.modelName())));
        line(t, "ARN", info.modelArn());
        line(t, "Status", info.active() ? t.green(info.status()) : t.yellow(info.status()));
        line(t, "Base model", info.baseModelId());
        line(t, "Customization", info.customizationType());
        line(t, "Teacher", info.teacherModel());
        line(t, "Job", info.jobName() == null ? null : info.jobName() + " (" + info.jobArn() + ")");
        line(t, "Created", info.createdAt() == null ? null : WHEN.format(info.createdAt()));
        if (!info.hyperParameters().isEmpty()) {
          line(
              t,
              "Hyperparameters",
              new java.util.TreeMap<>(info.hyperParameters())
                  .entrySet().stream()
                      .map(e -> e.getKey() + "=" + e.getValue())
                      .collect(Collectors.joining(", ")));
        }
        line(
            t,
            "Training loss",
            info.trainingLoss() == null ? null : info.trainingLoss().toString());
        line(
            t,
            "Validation loss",
            info.validationLoss() == null ? null : info.validationLoss().toString());
        line(t, "Output", info.outputUri());
        line(t, "Failure", info.failureMessage());
        if (info.active()) {
          t.println();
          t.println("Next: finetune model deploy " + info.modelArn());
        }
        return 0;
      }
    }

    private static void line(Terminal t, String label, String value) {
      if (value != null) {
        t.println(String.format(Locale.ROOT, "  %-16s %s", label + ":", value));
      }
    }

    private static ObjectNode infoJson(CustomModelInfo info) {
      ObjectNode node = Json.mapper().createObjectNode();
      node.put("modelArn", info.modelArn());
      node.put("modelName", info.modelName());
      node.put("status", info.status());
      node.put("baseModelId", info.baseModelId());
      node.put("customizationType", info.customizationType());
      node.put("jobArn", info.jobArn());
      node.put("jobName", info.jobName());
      node.put("teacherModel", info.teacherModel());
      ObjectNode hp = node.putObject("hyperParameters");
      new java.util.TreeMap<>(info.hyperParameters()).forEach(hp::put);
      node.put("trainingLoss", info.trainingLoss());
      node.put("validationLoss", info.validationLoss());
      node.put("createdAt", info.createdAt() == null ? null : info.createdAt().toString());
      node.put("failureMessage", info.failureMessage());
      node.put("outputUri", info.outputUri());
      return node;
    }
  }

  @Command(
      name = "deploy",
      description = {
        "Deploy a custom model for inference: on demand (billed per token, no hourly charge) unless"
            + " --provisioned asks for provisioned throughput (billed every hour until deleted)."
            + " Shows the cost and asks before creating anything."
      },
      footer = {
        "",
        "Examples:",
        "  finetune model deploy arn:aws:bedrock:us-east-1:123456789012:custom-model/...",
        "  finetune model deploy <model-arn> --provisioned --units 1          # no commitment",
        "  finetune model deploy <model-arn> --provisioned --units 1 --commitment 1m --yes"
      })
  static final class Deploy implements Callable<Integer> {
    private final Context context;

    @Parameters(paramLabel = "MODEL_ARN", description = "The custom model's ARN.")
    String modelArn;

    @Option(names = "--name", description = "Deployment name (default: the model's name).")
    String name;

    @Option(names = "--description", description = "Description (on-demand deployments).")
    String description;

    @Option(
        names = "--provisioned",
        description = "Buy provisioned throughput instead of an on-demand deployment.")
    boolean provisioned;

    @Option(
        names = "--units",
        description = "Model units of provisioned throughput (default: 1).",
        paramLabel = "N")
    Integer units;

    @Option(
        names = "--commitment",
        description = "Provisioned term: none (default), 1m or 6m. A term cannot be ended early.",
        paramLabel = "TERM")
    String commitment;

    @Option(
        names = "--quota-increased",
        description =
            "The account's Provisioned Throughput quotas were raised: do not check the default"
                + " ones (1 model unit and 2 throughputs without commitment, 0 units committed).")
    boolean quotaIncreased;

    @Option(names = "--yes", description = "Accept the cost without asking.")
    boolean yes;

    @Option(names = "--no-wait", description = "Return once Bedrock accepted the request.")
    boolean noWait;

    @Option(
        names = "--timeout",
        description = "Minutes to wait until it serves (default: ${DEFAULT-VALUE}).",
        defaultValue = "60")
    int timeoutMinutes;

    @Option(
        names = "--poll-interval",
        description = "Seconds between status checks (default: ${DEFAULT-VALUE}).",
        defaultValue = "15")
    int pollSeconds;

    @Option(names = "--prices", paramLabel = "FILE", description = "Price table overrides (JSON).")
    Path prices;

    @Option(
        names = "--hourly-price",
        paramLabel = "USD",
        description =
            "Provisioned throughput's price per model unit and hour, as AWS's pricing page or the"
                + " console shows it (no price is bundled).")
    BigDecimal hourlyPrice;

    Deploy(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      if (!provisioned && (units != null || commitment != null)) {
        throw new FineTuneException(
            "--units and --commitment apply to provisioned throughput: add --provisioned, or drop"
                + " them for an on-demand deployment");
      }
      DeploymentRequest.Builder request =
          DeploymentRequest.builder().modelArn(modelArn).name(name).description(description);
      if (provisioned) {
        request.provisioned(units == null ? 1 : units);
        request.commitment(commitment == null ? Commitment.NONE : Commitment.parse(commitment));
        request.quotaIncreased(quotaIncreased);
      }
      Terminal t = context.terminal();
      try (AwsComponents aws = new AwsComponents(context)) {
        if (hourlyPrice != null && !provisioned) {
          throw new FineTuneException(
              "--hourly-price is the price of provisioned throughput: add --provisioned, or drop"
                  + " it (on-demand deployments bill per token)");
        }
        ModelDeployments deployments =
            aws.deployments(
                aws.prices(prices), Duration.ofSeconds(Math.max(1, pollSeconds)), hourlyPrice);
        Deployment created;
        try {
          created =
              deployments.deploy(
                  request.build(),
                  notice -> confirm(notice, yes, context.interactive(), ModelCommand::readLine, t));
        } catch (DeploymentDeclinedException e) {
          t.println("Not deployed: nothing was created.");
          return 1;
        }
        t.println();
        t.println(
            (created.kind() == DeploymentKind.ON_DEMAND
                    ? "Deployment ARN: "
                    : "Provisioned throughput ARN: ")
                + created.arn());
        if (!noWait) {
          Deployment ready =
              deployments.awaitReady(
                  created.arn(),
                  Duration.ofMinutes(timeoutMinutes),
                  d ->
                      t.println(
                          "["
                              + CLOCK.format(Instant.now())
                              + "] "
                              + d.status()
                              + (d.state() == DeploymentState.CREATING
                                  ? " (usually a few minutes)"
                                  : "")));
          created = ready;
        }
        t.println();
        t.println("Next steps:");
        t.println("  finetune model test " + created.arn() + " --prompt \"...\"");
        t.println("  finetune model compare --base <base-model-id> --custom " + created.arn());
        t.println(
            "  finetune model undeploy "
                + created.arn()
                + "   # stop "
                + (created.kind() == DeploymentKind.ON_DEMAND ? "it" : "the hourly billing"));
        return 0;
      }
    }
  }

  /** Reads an answer from whoever is at the terminal. */
  @FunctionalInterface
  interface LineReader {
    String readLine(String prompt);
  }

  /**
   * The cost guard of the command line: prints the notice; accepts it with {@code --yes}; asks on a
   * terminal; refuses elsewhere, saying how to accept.
   */
  static boolean confirm(
      DeploymentCostNotice notice,
      boolean yes,
      boolean interactive,
      LineReader reader,
      Terminal t) {
    t.println(notice.text());
    if (!notice.cost().priceKnown()) {
      // no number was given or found: ask for the price instead of showing one
      if (!interactive) {
        throw new FineTuneException(
            "not deployed: the hourly price of provisioned throughput is unknown, so its cost"
                + " cannot be confirmed; read it on "
                + DeploymentCostNotice.PRICING_PAGE
                + " and run again with --hourly-price USD"
                + (yes ? " (--yes does not accept an unknown price)" : ""));
      }
      String typed =
          reader.readLine(
              "Price per model unit and hour in USD, from the pricing page (Enter to cancel): ");
      if (typed == null || typed.isBlank()) {
        return false;
      }
      BigDecimal perUnitHour;
      try {
        perUnitHour = new BigDecimal(typed.trim().replace("$", "").replace(",", ""));
      } catch (NumberFormatException e) {
        throw new FineTuneException(
            "not deployed: '" + typed.trim() + "' is not a price; write it like 21.18");
      }
      if (perUnitHour.signum() <= 0) {
        throw new FineTuneException("not deployed: the price must be above zero");
      }
      notice = notice.withHourlyPrice(perUnitHour, "typed at the prompt");
      t.println(notice.text());
    } else if (yes) {
      return true;
    }
    if (!interactive) {
      throw new FineTuneException(
          "not deployed: the cost must be confirmed and there is no terminal to ask on; run again"
              + " with --yes to accept it");
    }
    String answer =
        reader.readLine(
            notice.kind() == DeploymentKind.PROVISIONED
                ? "Create it? It is billed every hour until deleted. [y/N] "
                : "Create it? [y/N] ");
    return answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
  }

  private static String readLine(String prompt) {
    if (System.console() != null) {
      return System.console().readLine(prompt);
    }
    System.out.print(prompt);
    System.out.flush();
    try {
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
          .readLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the answer: " + e.getMessage(), e);
    }
  }

  @Command(
      name = "deployments",
      description = "List what is deployed and what it costs per hour and per month.")
  static final class Deployments implements Callable<Integer> {
    private final Context context;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--prices", paramLabel = "FILE", description = "Price table overrides (JSON).")
    Path prices;

    Deployments(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      try (AwsComponents aws = new AwsComponents(context)) {
        ModelDeployments deployments =
            aws.deployments(aws.prices(prices), Duration.ofSeconds(15), null);
        List<Deployment> all = deployments.list();
        if (json) {
          ArrayNode array = Json.mapper().createArrayNode();
          all.forEach(d -> array.add(deploymentJson(d)));
          context.out().println(Json.writePretty(array));
          context.out().flush();
          return 0;
        }
        Terminal t = context.terminal();
        if (all.isEmpty()) {
          t.println("Nothing is deployed in " + deployments.region() + ": nothing is billing.");
          return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "KIND", "STATUS", "UNITS", "PER HOUR", "PER MONTH", "ARN"});
        BigDecimal hourly = BigDecimal.ZERO;
        BigDecimal monthly = BigDecimal.ZERO;
        int unpriced = 0;
        for (Deployment d : all) {
          DeploymentCost cost = d.cost();
          rows.add(
              new String[] {
                String.valueOf(d.name()),
                d.kind() == DeploymentKind.ON_DEMAND
                    ? "on demand"
                    : "provisioned"
                        + (d.commitment() == Commitment.NONE
                            ? ""
                            : " (" + d.commitment().months() + "mo)"),
                d.status(),
                d.kind() == DeploymentKind.ON_DEMAND ? "-" : Integer.toString(d.modelUnits()),
                cost == null ? "n/a" : perHour(cost),
                cost == null ? "n/a" : !cost.priceKnown() ? "unknown" : usd(cost.monthlyUsd()),
                d.arn()
              });
          if (cost != null && d.state() != DeploymentState.FAILED) {
            if (cost.priceKnown()) {
              hourly = hourly.add(cost.hourlyUsd());
              monthly = monthly.add(cost.monthlyUsd());
            } else {
              unpriced++;
            }
          }
        }
        table(t, rows);
        t.println();
        if (hourly.signum() > 0) {
          t.println(
              t.yellow(
                      "Billed while idle: "
                          + usd(hourly)
                          + " per hour, about "
                          + usd(monthly)
                          + " per month.")
                  + " Delete what you do not use: finetune model undeploy <ARN>");
        } else if (unpriced == 0) {
          t.println(
              "Nothing bills by the hour: on-demand deployments cost only the tokens they serve.");
        }
        if (unpriced > 0) {
          t.println(
              t.yellow(
                      unpriced
                          + " provisioned throughput"
                          + (unpriced == 1 ? " bills" : "s bill")
                          + " every hour at a price the toolkit does not know")
                  + " (see "
                  + DeploymentCostNotice.PRICING_PAGE
                  + "; give it with --prices FILE). Delete what you do not use: finetune model"
                  + " undeploy <ARN>");
        }
        return 0;
      }
    }

    private static String perHour(DeploymentCost cost) {
      if (!cost.priceKnown()) {
        return "unknown";
      }
      if (cost.inputPer1kTokensUsd() != null && cost.hourlyUsd().signum() == 0) {
        return "per token";
      }
      return usd(cost.hourlyUsd());
    }

    private static ObjectNode deploymentJson(Deployment d) {
      ObjectNode node = Json.mapper().createObjectNode();
      node.put("arn", d.arn());
      node.put("name", d.name());
      node.put("kind", d.kind().name());
      node.put("status", d.status());
      node.put("modelArn", d.modelArn());
      node.put("baseModelId", d.baseModelId());
      node.put("modelUnits", d.modelUnits());
      node.put("commitment", d.commitment().name());
      node.put("createdAt", d.createdAt() == null ? null : d.createdAt().toString());
      node.put(
          "commitmentExpiresAt",
          d.commitmentExpiresAt() == null ? null : d.commitmentExpiresAt().toString());
      if (d.cost() != null) {
        node.put("hourlyUsd", d.cost().hourlyUsd());
        node.put("monthlyUsd", d.cost().monthlyUsd());
        node.put("inputPer1kTokensUsd", d.cost().inputPer1kTokensUsd());
        node.put("outputPer1kTokensUsd", d.cost().outputPer1kTokensUsd());
        node.put("priceKnown", d.cost().priceKnown());
        node.put("priceSource", d.cost().priceSource());
      }
      return node;
    }
  }

  @Command(
      name = "undeploy",
      description = "Delete an on-demand deployment or a provisioned throughput; billing stops.")
  static final class Undeploy implements Callable<Integer> {
    private final Context context;

    @Parameters(
        paramLabel = "ARN",
        description = "Deployment or provisioned throughput ARN or name.")
    String arn;

    Undeploy(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      try (AwsComponents aws = new AwsComponents(context)) {
        Deployment deleted =
            aws.deployments(aws.prices(null), Duration.ofSeconds(15), null).delete(arn);
        context
            .terminal()
            .println(
                "Deleted "
                    + (deleted.kind() == DeploymentKind.ON_DEMAND
                        ? "on-demand deployment '"
                        : "provisioned throughput '")
                    + deleted.name()
                    + "' ("
                    + deleted.arn()
                    + "): it no longer bills.");
        return 0;
      }
    }
  }

  @Command(
      name = "test",
      description = {
        "Run prompts through a model with Bedrock Converse and print the answer, latency and tokens."
            + " MODEL is a deployment or provisioned throughput ARN, or a base model or inference"
            + " profile id (a custom model's own ARN cannot be invoked: deploy it first)."
      },
      footer = {
        "",
        "Examples:",
        "  finetune model test arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/abc",
        "  finetune model test us.amazon.nova-lite-v1:0 --prompt \"A lo-fi hip hop beat\""
      })
  static final class Test implements Callable<Integer> {
    private final Context context;

    @Parameters(paramLabel = "MODEL", description = "Deployment ARN, provisioned ARN or model id.")
    String model;

    @Option(
        names = "--prompt",
        description = "A prompt (repeatable; default: a techno beat).",
        paramLabel = "TEXT")
    List<String> prompts = new ArrayList<>();

    @Option(
        names = "--system",
        description =
            "System prompt (default: the base system prompt of configs/strudel-prompts.json).",
        paramLabel = "TEXT")
    String system;

    @Option(names = "--no-system", description = "Send no system prompt.")
    boolean noSystem;

    @Option(names = "--temperature", description = "0 to 1 (default: the model's own).")
    Double temperature;

    @Option(
        names = "--max-tokens",
        description = "Longest answer in tokens (default: ${DEFAULT-VALUE}).",
        defaultValue = "2000")
    int maxTokens;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    Test(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      List<String> asked = prompts.isEmpty() ? List.of(DEFAULT_TEST_PROMPT) : prompts;
      String systemPrompt = noSystem ? null : system != null ? system : defaultSystemPrompt();
      Terminal t = context.terminal();
      StrudelScorer scorer = new StrudelScorer();
      ArrayNode results = Json.mapper().createArrayNode();
      try (AwsComponents aws = new AwsComponents(context)) {
        ModelTester tester = aws.tester(temperature, maxTokens);
        for (String prompt : asked) {
          ModelAnswer answer = tester.ask(model, systemPrompt, prompt);
          Score score = scorer.score(prompt, answer.text(), null);
          if (json) {
            ObjectNode node = results.addObject();
            node.put("prompt", prompt);
            node.put("answer", answer.text());
            node.put("latencyMs", answer.latency().toMillis());
            node.put("serviceLatencyMs", answer.serviceLatencyMs());
            node.put("inputTokens", answer.inputTokens());
            node.put("outputTokens", answer.outputTokens());
            node.put("stopReason", answer.stopReason());
            node.put("strudelCompliant", score.compliant());
            continue;
          }
          t.println(t.bold("> " + prompt));
          t.println(answer.text());
          t.println(
              String.format(
                      Locale.ROOT,
                      "  %,d ms%s · %,d tokens in, %,d out · stop: %s · Strudel format: ",
                      answer.latency().toMillis(),
                      answer.serviceLatencyMs() == null
                          ? ""
                          : String.format(
                              Locale.ROOT, " (Bedrock %,d ms)", answer.serviceLatencyMs()),
                      answer.inputTokens(),
                      answer.outputTokens(),
                      answer.stopReason())
                  + (score.compliant()
                      ? t.green("compliant")
                      : t.yellow("fails " + failed(score))));
          t.println();
        }
      }
      if (json) {
        context.out().println(Json.writePretty(results));
        context.out().flush();
      }
      return 0;
    }

    private String defaultSystemPrompt() {
      try (Components components = new Components(context)) {
        return components.prompts(null).baseSystemPrompt();
      }
    }
  }

  @Command(
      name = "compare",
      description = {
        "Did fine-tuning help, and at what price? Runs held-out prompts (default: the validation"
            + " split, which training never saw) through the base model, the custom model and"
            + " optionally the teacher, and writes comparison.md and comparison.json: format"
            + " compliance, length, latency p50/p95, tokens and cost per 1,000 requests."
      },
      footer = {
        "",
        "Example:",
        "  finetune model compare --base us.amazon.nova-lite-v1:0 \\\\",
        "      --custom arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/abc \\\\",
        "      --prompts datasets/strudel/validation.jsonl --teacher-url https://api.polychat.app"
      })
  static final class Compare implements Callable<Integer> {
    private final Context context;

    @Option(
        names = "--base",
        required = true,
        description = "Base model or inference profile id, e.g. us.amazon.nova-lite-v1:0.")
    String base;

    @Option(
        names = "--custom",
        description = "The custom model's deployment or provisioned throughput ARN.")
    String custom;

    @Option(
        names = "--prompts",
        paramLabel = "FILE",
        description = "Held-out JSONL (default: datasets/strudel/validation.jsonl).")
    Path promptsFile;

    @Option(
        names = "--teacher-url",
        paramLabel = "URL",
        description = "Also ask the Polychat teacher at this API URL (API_KEY from the settings).")
    String teacherUrl;

    @Option(
        names = "--teacher",
        paramLabel = "MODEL",
        description = "Teacher model (default: " + PolychatExampleSource.DEFAULT_MODEL + ").")
    String teacherModel = PolychatExampleSource.DEFAULT_MODEL;

    /** The name before --teacher; kept so existing scripts work. */
    @Option(names = "--teacher-model", hidden = true)
    void teacherModelAlias(String model) {
      teacherModel = model;
    }

    @Option(names = "--limit", description = "At most this many prompts.")
    Integer limit;

    @Option(
        names = "--concurrency",
        description = "Prompts in flight (default: ${DEFAULT-VALUE}).",
        defaultValue = "1")
    int concurrency;

    @Option(names = "--temperature", description = "0 to 1 (default: the model's own).")
    Double temperature;

    @Option(
        names = "--max-tokens",
        description = "Longest answer in tokens (default: ${DEFAULT-VALUE}).",
        defaultValue = "2000")
    int maxTokens;

    @Option(
        names = "--output",
        paramLabel = "DIR",
        description = "Where to write the reports (default: the prompt file's folder).")
    Path output;

    @Option(names = "--prices", paramLabel = "FILE", description = "Price table overrides (JSON).")
    Path prices;

    @picocli.CommandLine.Mixin CheckOptions checks = new CheckOptions();

    Compare(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Path file = context.path(promptsFile == null ? DEFAULT_PROMPTS : promptsFile);
      if (!Files.isRegularFile(file)) {
        throw new FineTuneException(
            "no held-out prompts: "
                + Summaries.relative(context.workDir(), file)
                + " does not exist; pass --prompts FILE (the validation split of your dataset,"
                + " which training never saw)");
      }
      Path dir = output == null ? file.toAbsolutePath().getParent() : context.path(output);
      Terminal t = context.terminal();
      try (AnswerChecks answerChecks = checks.open(context);
          AwsComponents aws = new AwsComponents(context);
          Components components = new Components(context)) {
        ExampleSource teacher =
            teacherUrl == null
                ? null
                : components.teacher(
                    teacherUrl,
                    null,
                    teacherModel,
                    concurrency,
                    null,
                    null,
                    app.polychat.finetune.polychat.PolychatMode.APP_GENERATE,
                    null);
        try (ExampleSource closeTeacher = teacher) {
          ModelComparison.Builder builder =
              ModelComparison.builder()
                  .scorer(new StrudelScorer().withChecks(answerChecks))
                  .tester(aws.tester(temperature, maxTokens))
                  .base(base)
                  .promptsFile(file)
                  .concurrency(concurrency)
                  .priceTable(aws.prices(prices))
                  .teacher(closeTeacher)
                  .listener(
                      new ComparisonListener() {
                        @Override
                        public void promptDone(int done) {
                          if (context.interactive()) {
                            context.err().print("\rcompared " + done + " prompts");
                            context.err().flush();
                          }
                        }

                        @Override
                        public void modelDropped(String label, String reason) {
                          context.err().println();
                          context.err().println("dropping " + label + ": " + reason);
                          context.err().flush();
                        }
                      });
          if (custom != null) {
            builder.custom(custom);
          }
          if (limit != null) {
            builder.limit(limit);
          }
          ComparisonReport report = builder.build().run();
          context
              .err()
              .println(
                  (context.interactive() ? "\r" : "")
                      + "compared "
                      + report.prompts()
                      + " prompts");
          context.err().flush();
          Path md = report.writeMarkdown(dir.resolve("comparison.md"));
          Path json = report.writeJson(dir.resolve("comparison.json"));
          printSummary(t, report);
          t.println();
          t.println("Reports: " + Summaries.relative(context.workDir(), md));
          t.println("         " + Summaries.relative(context.workDir(), json));
          return 0;
        }
      }
    }

    private static String[] concat(List<String> head, String[] tail) {
      List<String> all = new ArrayList<>(head);
      all.addAll(List.of(tail));
      return all.toArray(String[]::new);
    }

    private static void printSummary(Terminal t, ComparisonReport report) {
      List<String[]> rows = new ArrayList<>();
      List<String> validity =
          report.models().isEmpty()
              ? List.of()
              : report.models().get(0).checkPassRates().keySet().stream()
                  .filter(c -> c.startsWith("valid-"))
                  .toList();
      List<String> header = new ArrayList<>(List.of("", "ANSWERED", "COMPLIANT", "SCORE"));
      validity.forEach(c -> header.add(c.toUpperCase(Locale.ROOT)));
      header.addAll(List.of("P50", "P95", "TOKENS OUT", "PER 1K REQ"));
      rows.add(header.toArray(String[]::new));
      for (ModelResult m : report.models()) {
        List<String> row = new ArrayList<>();
        row.add(m.label());
        row.add(m.answered() + "/" + m.asked());
        row.add(String.format(Locale.ROOT, "%.1f%%", m.compliantShare() * 100));
        row.add(String.format(Locale.ROOT, "%.2f", m.meanScore()));
        validity.forEach(
            c ->
                row.add(
                    String.format(
                        Locale.ROOT, "%.1f%%", m.checkPassRates().getOrDefault(c, 0.0) * 100)));
        rows.add(
            concat(
                row,
                new String[] {
                  m.latencyP50Ms() + " ms",
                  m.latencyP95Ms() + " ms",
                  String.format(Locale.ROOT, "%.0f", m.meanOutputTokens()),
                  m.costPer1000RequestsUsd() == null
                      ? "n/a"
                      : "$" + m.costPer1000RequestsUsd().setScale(4, java.math.RoundingMode.HALF_UP)
                }));
      }
      t.println(report.prompts() + " held-out prompts from " + report.promptSource() + ":");
      t.println();
      table(t, rows);
      for (ModelResult m : report.models()) {
        if (m.droppedReason() != null) {
          t.println(t.yellow(m.label() + " was dropped: " + m.droppedReason()));
        }
      }
    }
  }

  @Command(
      name = "export",
      description =
          "Write the Polychat ModelDefinition (TypeScript) of a custom model, with its deployment"
              + " ARN as providerId, pricing from the price table, and its project as a tag.",
      footer = {
        "",
        "Example:",
        "  finetune model export <model-arn> --name strudel-nova-pro \\\\",
        "      --output ../api/src/data-model/models/custom/strudel.ts"
      })
  static final class Export implements Callable<Integer> {
    private final Context context;

    @Parameters(paramLabel = "MODEL", description = "Custom model ARN (or a deployment ARN).")
    String model;

    @Option(
        names = "--name",
        required = true,
        description = "The model's id in Polychat, e.g. strudel-nova-pro.")
    String name;

    @Option(names = "--display-name", description = "Display name (default: from --name).")
    String displayName;

    @Option(
        names = "--provider-id",
        description = "The ARN Polychat invokes (default: a deployment of the model).")
    String providerId;

    @Option(names = "--project", description = "Project tag (default: the model's project tag).")
    String project;

    @Option(
        names = "--output",
        paramLabel = "FILE",
        description = "Write here instead of printing.")
    Path output;

    @Option(names = "--prices", paramLabel = "FILE", description = "Price table overrides (JSON).")
    Path prices;

    Export(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Terminal t = context.terminal();
      try (AwsComponents aws = new AwsComponents(context)) {
        PriceTable table = aws.prices(prices);
        PolychatModelExport.Builder builder;
        String invokeWith;
        try {
          String[] read = new String[2];
          builder = fromBedrock(aws, table, read);
          invokeWith = read[0];
        } catch (FineTuneException e) {
          if (!unreadable(e)) {
            throw e;
          }
          builder = fromArn(e);
          invokeWith = providerId != null ? providerId : model;
        }
        PolychatModelExport export;
        try {
          export =
              builder.id(name).name(displayName).providerId(invokeWith).priceTable(table).build();
        } catch (IllegalStateException e) {
          throw new FineTuneException(
              e.getMessage() + " (or pass --prices FILE with prices for the base model)", e);
        }
        if (output == null) {
          context.out().print(export.toTypeScript());
          context.out().flush();
        } else {
          Path written = export.writeTo(context.path(output));
          t.println(
              "Wrote "
                  + export.constantName()
                  + " to "
                  + Summaries.relative(context.workDir(), written)
                  + " (providerId "
                  + invokeWith
                  + ")");
        }
        return 0;
      }
    }

    /**
     * The export filled from what Bedrock says: the custom model (its base model and kind), the
     * deployment serving it as provider id, its project tag. {@code invokeWith[0]} receives the
     * provider id.
     */
    private PolychatModelExport.Builder fromBedrock(
        AwsComponents aws, PriceTable table, String[] invokeWith) {
      ModelDeployments deployments = aws.deployments(table, Duration.ofSeconds(15), null);
      ModelCatalog catalog = aws.catalog();
      String modelArn = model;
      invokeWith[0] = providerId;
      if (model.contains(":custom-model-deployment/") || model.contains(":provisioned-model/")) {
        Deployment deployment = deployments.get(model);
        modelArn = deployment.modelArn();
        invokeWith[0] = invokeWith[0] == null ? deployment.arn() : invokeWith[0];
      }
      CustomModelInfo info = catalog.customModel(modelArn);
      if (invokeWith[0] == null) {
        String arn = info.modelArn();
        Optional<Deployment> serving =
            deployments.list().stream()
                .filter(d -> arn.equals(d.modelArn()) && d.state() != DeploymentState.FAILED)
                .findFirst();
        if (serving.isPresent()) {
          invokeWith[0] = serving.get().arn();
        } else {
          invokeWith[0] = arn;
          warnNotInvocable(arn);
        }
      }
      String projectTag = project != null ? project : projectTag(catalog, info.modelArn());
      return PolychatModelExport.forModel(info).project(projectTag);
    }

    /**
     * The export from the ARN and the flags alone, as the original toolkit wrote it without AWS
     * credentials: base model from the custom model ARN, prices from the price table, {@code
     * --provider-id} as given.
     */
    private PolychatModelExport.Builder fromArn(FineTuneException why) {
      if (!model.contains(":custom-model/")) {
        throw new FineTuneException(
            "cannot read '"
                + model
                + "' from Bedrock ("
                + why.getMessage()
                + "); without AWS access, export from the custom model ARN"
                + " (arn:aws:bedrock:<region>:<account>:custom-model/<base model>/<id>) and pass"
                + " the deployment ARN with --provider-id",
            why);
      }
      context
          .err()
          .println(
              "note: Bedrock could not be read ("
                  + firstSentence(why.getMessage())
                  + "): the definition is written from the ARN and the flags (base model from the"
                  + " ARN, prices from the price table"
                  + (project == null ? "" : ", project " + project)
                  + ")");
      if (providerId == null) {
        warnNotInvocable(model);
      }
      context.err().flush();
      return PolychatModelExport.forArn(model).project(project);
    }

    private void warnNotInvocable(String arn) {
      context
          .err()
          .println(
              "warning: no deployment serves "
                  + arn
                  + ", and Bedrock cannot invoke a custom model by its own ARN: deploy it"
                  + " (finetune model deploy "
                  + arn
                  + ") and export again, or pass --provider-id");
      context.err().flush();
    }

    /** No credentials, rejected or denied credentials, or no network: nothing can be read. */
    private static boolean unreadable(FineTuneException e) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof software.amazon.awssdk.awscore.exception.AwsServiceException s) {
          return s.statusCode() == 401 || s.statusCode() == 403;
        }
        if (cause instanceof software.amazon.awssdk.core.exception.SdkClientException) {
          return true;
        }
      }
      return false;
    }

    private static String firstSentence(String text) {
      int end = String.valueOf(text).indexOf(". ");
      return end < 0 ? String.valueOf(text) : text.substring(0, end);
    }

    private String projectTag(ModelCatalog catalog, String modelArn) {
      try {
        return catalog.tags(modelArn).get("project");
      } catch (FineTuneException e) {
        context.err().println("warning: cannot read the model's tags (" + e.getMessage() + ")");
        context.err().flush();
        return null;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static String failed(Score score) {
    return score.checks().entrySet().stream()
        .filter(e -> !e.getValue())
        .map(Map.Entry::getKey)
        .collect(Collectors.joining(", "));
  }

  private static String usd(BigDecimal amount) {
    return String.format(Locale.ROOT, "$%,.2f", amount);
  }

  /** Prints rows as left-aligned columns, the first row as the header. */
  static void table(Terminal t, List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < columns; i++) {
        line.append(
            i == columns - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
      }
      t.println(line.toString().stripTrailing());
    }
  }
}
