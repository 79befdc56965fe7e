package app.polychat.finetune.cli;

import static app.polychat.finetune.cli.ModelCommand.table;

import app.polychat.finetune.bedrock.serving.CustomModelInfo;
import app.polychat.finetune.bedrock.serving.Deployment;
import app.polychat.finetune.bedrock.serving.DeploymentState;
import app.polychat.finetune.bedrock.serving.ModelCatalog;
import app.polychat.finetune.bedrock.serving.ModelDeployments;
import app.polychat.finetune.bedrock.serving.PolychatModelExport;
import app.polychat.finetune.cost.PriceTable;
import app.polychat.finetune.support.FineTuneException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code finetune model export} command. */
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
final class ModelExportCommand implements Callable<Integer> {
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

  @Option(names = "--output", paramLabel = "FILE", description = "Write here instead of printing.")
  Path output;

  @picocli.CommandLine.Mixin PriceTableOption prices = new PriceTableOption();

  ModelExportCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Terminal t = context.terminal();
    try (AwsComponents aws = new AwsComponents(context)) {
      PriceTable table = prices.load(context);
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
