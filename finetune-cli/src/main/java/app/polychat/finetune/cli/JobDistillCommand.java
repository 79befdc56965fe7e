package app.polychat.finetune.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code finetune job distill} command. */
@Command(
    name = "distill",
    description =
        "Create a distillation job: a larger teacher answers the prompts and a smaller student learns.",
    footer = {
      "",
      "Example:",
      "  finetune job distill --name strudel-distilled --teacher us.amazon.nova-premier-v1:0 \\",
      "      --base-model amazon.nova-pro-v1:0:300k --train s3://my-bucket/strudel/.../train.jsonl"
    })
final class JobDistillCommand extends JobSubmission implements Callable<Integer> {
  private final Context context;

  @Option(
      names = "--teacher",
      required = true,
      description = "Teacher model id or inference profile.")
  String teacher;

  @Option(
      names = "--base-model",
      paramLabel = "MODEL",
      description = "Student: the model to train, e.g. amazon.nova-lite-v1:0:300k (required).")
  String student;

  /** The name before --base-model; kept so existing scripts work. */
  @Option(names = "--student", hidden = true)
  void studentAlias(String model) {
    student = model;
  }

  JobDistillCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Map<String, Object> required = new LinkedHashMap<>();
    required.put("--base-model=MODEL", student);
    required.put("--train=URI", trainUri);
    require(required);
    return submit(
        context,
        spec -> spec.baseModel(student).distillFrom(teacher),
        "Distilling " + teacher + " into " + student + " from " + trainUri);
  }
}
