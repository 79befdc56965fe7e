package app.polychat.finetune.cli;

import static app.polychat.finetune.cli.ModelCommand.WHEN;

import app.polychat.finetune.bedrock.serving.CustomModelInfo;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The {@code finetune model info} command. */
@Command(
    name = "info",
    description = "Describe a custom model: status, base model, job, hyperparameters, losses.")
final class ModelInfoCommand implements Callable<Integer> {
  private final Context context;

  @Parameters(paramLabel = "MODEL", description = "Custom model ARN or name.")
  String model;

  @picocli.CommandLine.Mixin JsonOption format = new JsonOption();

  ModelInfoCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    try (AwsComponents aws = new AwsComponents(context)) {
      CustomModelInfo info = aws.catalog().customModel(model);
      if (format.json) {
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
      line(t, "Training loss", info.trainingLoss() == null ? null : info.trainingLoss().toString());
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
