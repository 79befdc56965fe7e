package app.polychat.finetune.cli;

import static app.polychat.finetune.cli.ModelCommand.table;

import app.polychat.finetune.bedrock.serving.FoundationModel;
import app.polychat.finetune.bedrock.serving.ModelCatalog;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.support.Json;
import app.polychat.finetune.validate.BedrockRules;
import app.polychat.finetune.validate.DistillationTeacher;
import app.polychat.finetune.validate.ModelRules;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code finetune model list} command. */
@Command(
    name = "list",
    description = "List the foundation models Bedrock can fine-tune (or distill into).",
    footer = {"", "Examples:", "  finetune model list", "  finetune model list --distillation"})
final class ModelListCommand implements Callable<Integer> {
  private final Context context;

  @Option(
      names = "--distillation",
      description = "Models that support distillation, and the teachers of each student.")
  boolean distillation;

  @picocli.CommandLine.Mixin JsonOption format = new JsonOption();

  ModelListCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CustomizationType type =
        distillation ? CustomizationType.DISTILLATION : CustomizationType.FINE_TUNING;
    try (AwsComponents aws = new AwsComponents(context)) {
      ModelCatalog catalog = aws.catalog();
      List<FoundationModel> models = catalog.foundationModels(type);
      if (format.json) {
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
