package app.polychat.finetune.cli;

import app.polychat.finetune.grader.GradedSample;
import app.polychat.finetune.grader.GraderBatch;
import app.polychat.finetune.grader.GraderPackage;
import app.polychat.finetune.grader.GraderPackager;
import app.polychat.finetune.grader.GraderSource;
import app.polychat.finetune.grader.LocalGrader;
import app.polychat.finetune.internal.Json;
import app.polychat.finetune.strudel.StrudelGrader;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code finetune grader ...}: build and try the Lambda grader of reinforcement fine-tuning. */
@Command(
    name = "grader",
    description =
        "Build and try the Lambda grader that rewards answers in reinforcement fine-tuning.",
    subcommands = {
      GraderCommand.Package.class,
      GraderCommand.Test.class,
      GraderCommand.Deploy.class
    })
final class GraderCommand {

  /** The grader of a check, by its name on the command line. */
  static GraderSource source(String check) {
    if (check.equalsIgnoreCase(StrudelGrader.CHECK)) {
      return StrudelGrader.source();
    }
    throw new IllegalArgumentException(
        "unknown check '" + check + "': expected " + StrudelGrader.CHECK);
  }

  @Command(
      name = "package",
      description = {
        "Build the grader's Lambda deployment package (Node.js) on this machine: its handler, the"
            + " same engine check as the dataset checks, and the check's npm packages installed by"
            + " npm (they are not shipped with finetune). Writes <output>/ and <output>.zip."
      },
      footer = {
        "",
        "Example:",
        "  finetune grader package --check strudel            # grader/strudel and grader/strudel.zip"
      })
  static final class Package implements Runnable {
    private final Context context;

    @Option(names = "--check", required = true, description = "What the grader checks: strudel.")
    String check;

    @Option(
        names = "--output",
        paramLabel = "DIR",
        description = "Folder to build in (default: grader/<check>); the zip goes beside it.")
    Path output;

    @Option(
        names = "--engine",
        paramLabel = "DIR",
        description =
            "Copy node_modules from this installed engine folder instead of running npm (offline).")
    Path engine;

    @Option(
        names = "--npm",
        description = "The npm command (default: ${DEFAULT-VALUE}).",
        defaultValue = "npm")
    String npm;

    Package(Context context) {
      this.context = context;
    }

    @Override
    public void run() {
      Terminal t = context.terminal();
      GraderSource source = source(check);
      Path dir = context.path(output != null ? output : Path.of("grader", source.check()));
      t.println(
          "Building the "
              + source.check()
              + " grader in "
              + Summaries.relative(context.workDir(), dir)
              + (engine == null
                  ? " (npm installs " + String.join(", ", source.dependencies().keySet()) + ")"
                  : " (packages copied from " + engine + ")"));
      GraderPackager.Builder packager =
          GraderPackager.builder().directory(dir).npmCommand(List.of(npm));
      if (engine != null) {
        packager.nodeModulesFrom(context.path(engine));
      }
      GraderPackage pkg = packager.build().build(source);
      t.println(
          String.format(
              Locale.ROOT,
              "Wrote %s (%,d bytes, sha256 %s)",
              Summaries.relative(context.workDir(), pkg.zip()),
              pkg.zipBytes(),
              pkg.sha256().substring(0, 16)));
      t.println("  runtime " + pkg.runtime() + ", handler " + pkg.handler());
      pkg.dependencies().forEach((name, version) -> t.println("  " + name + " " + version));
      t.println();
      t.println("Next:");
      t.println(
          "  finetune grader test --grader "
              + Summaries.relative(context.workDir(), dir)
              + " --train <train-rft.jsonl>");
      t.println(
          "  Create the Lambda function from the zip, with a timeout well above the 3 s default:");
      t.println(
          "    aws lambda create-function --function-name finetune-"
              + source.check()
              + "-grader --runtime "
              + pkg.runtime()
              + " --handler "
              + pkg.handler()
              + " \\");
      t.println(
          "      --timeout 300 --memory-size 1024 --role <lambda-execution-role-arn> --zip-file fileb://"
              + Summaries.relative(context.workDir(), pkg.zip()));
      t.println("  and let the Bedrock job's role invoke it (lambda:InvokeFunction).");
    }
  }

  @Command(
      name = "deploy",
      description = {
        "Optional: create the grader's Lambda function from the built zip, or bring an existing one"
            + " up to date (new code only when the zip changed, new settings only when they differ)."
            + " Prints the function ARN for `job rft --grader-lambda-arn`."
      },
      footer = {
        "",
        "Example:",
        "  finetune grader deploy --role arn:aws:iam::123456789012:role/finetune-grader"
      })
  static final class Deploy implements Runnable {
    private final Context context;

    @Option(
        names = "--check",
        description = "What the grader checks (default: ${DEFAULT-VALUE}).",
        defaultValue = "strudel")
    String check;

    @Option(
        names = "--grader",
        paramLabel = "DIR",
        description = "The built grader's folder; its zip is <DIR>.zip (default: grader/<check>).")
    Path grader;

    @Option(
        names = "--function-name",
        description = "Lambda function name (default: finetune-<check>-grader).")
    String functionName;

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ARN",
        description = "The function's execution role (it needs no permissions beyond logging).")
    String role;

    @Option(
        names = "--timeout",
        description = "Seconds, 1-900 (default: ${DEFAULT-VALUE}; Lambda's own default is 3).",
        defaultValue = "300")
    int timeout;

    @Option(
        names = "--memory",
        description = "MB, 128-32768 (default: ${DEFAULT-VALUE}).",
        defaultValue = "1024")
    int memory;

    @Option(
        names = "--similarity-weight",
        description =
            "FINETUNE_GRADER_SIMILARITY_WEIGHT for the function, 0-1 (default: unset, 0).")
    Double similarityWeight;

    Deploy(Context context) {
      this.context = context;
    }

    @Override
    public void run() {
      GraderSource source = source(check);
      Path dir = context.path(grader != null ? grader : Path.of("grader", source.check()));
      Path zip = dir.resolveSibling(dir.getFileName() + ".zip");
      if (!java.nio.file.Files.isRegularFile(zip)) {
        throw new app.polychat.finetune.FineTuneException(
            "no grader package at "
                + zip
                + ": build it with `finetune grader package --check "
                + source.check()
                + "`");
      }
      GraderPackage pkg =
          new GraderPackage(
              source.check(),
              dir,
              zip,
              "",
              zip.toFile().length(),
              source.handler(),
              GraderPackager.DEFAULT_RUNTIME,
              source.dependencies());
      String name = functionName != null ? functionName : "finetune-" + source.check() + "-grader";
      Map<String, String> env =
          similarityWeight == null
              ? Map.of()
              : Map.of("FINETUNE_GRADER_SIMILARITY_WEIGHT", similarityWeight.toString());
      var builder =
          app.polychat.finetune.bedrock.GraderFunctions.builder()
              .region(context.settings().get("AWS_REGION").orElse("us-east-1"))
              .environmentVariables(context.settings().asEnvironment())
              .timeoutSeconds(timeout)
              .memoryMb(memory)
              .functionEnvironment(env);
      try (Components components = new Components(context)) {
        components.credentials().ifPresent(builder::credentialsProvider);
      }
      try (var functions = builder.build()) {
        var deployed = functions.deploy(pkg, name, role);
        Terminal t = context.terminal();
        t.println(
            switch (deployed.action()) {
              case CREATED -> "Created " + name;
              case UPDATED -> "Updated " + name;
              case UNCHANGED -> name + " is up to date: nothing changed";
            });
        t.println("Grader ARN: " + deployed.functionArn());
        t.println("Next: finetune job rft --grader-lambda-arn " + deployed.functionArn() + " ...");
      }
    }
  }

  @Command(
      name = "test",
      description = {
        "Run the packaged grader under Node on samples of an RFT dataset, as Bedrock would call it,"
            + " and print each reward and metric: see the reward signal before paying for a job.",
        "Without --answers the records' reference answers are graded (they should score high);"
            + " --answers grades a model's answers instead."
      },
      footer = {
        "",
        "Examples:",
        "  finetune grader test --train datasets/strudel/train-rft.jsonl",
        "  finetune grader test --train datasets/strudel/train-rft.jsonl --answers answers.jsonl --limit 50"
      })
  static final class Test implements Callable<Integer> {
    private final Context context;

    @Option(
        names = "--train",
        required = true,
        paramLabel = "FILE",
        description = "RFT dataset (bedrock-rft).")
    Path train;

    @Option(
        names = "--grader",
        paramLabel = "DIR",
        description = "The built grader's folder (default: ${DEFAULT-VALUE}).",
        defaultValue = "grader/strudel")
    Path grader;

    @Option(
        names = "--answers",
        paramLabel = "FILE",
        description =
            "A model's answers to grade: JSONL {\"id\": ..., \"answer\": ...} per record.")
    Path answers;

    @Option(
        names = "--limit",
        description = "Records to grade (default: ${DEFAULT-VALUE}).",
        defaultValue = "10")
    int limit;

    @Option(
        names = "--similarity-weight",
        description =
            "FINETUNE_GRADER_SIMILARITY_WEIGHT for this run, 0-1 (default: the grader's, 0).")
    Double similarityWeight;

    @Option(names = "--json", description = "Print the graded samples as JSON.")
    boolean json;

    Test(Context context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Map<String, String> byId = answers == null ? null : readAnswers(context.path(answers));
      var batch = GraderBatch.fromDataset(context.path(train), limit, byId);
      LocalGrader.Builder local = LocalGrader.builder().directory(context.path(grader));
      if (similarityWeight != null) {
        local.environment("FINETUNE_GRADER_SIMILARITY_WEIGHT", similarityWeight.toString());
      }
      List<GradedSample> graded = local.build().grade(batch);
      Terminal t = context.terminal();
      if (json) {
        t.println(Json.writePretty(Json.mapper().valueToTree(graded)));
        return 0;
      }
      t.println(
          "Graded "
              + graded.size()
              + (byId == null ? " reference answers" : " answers")
              + " from "
              + Summaries.relative(context.workDir(), context.path(train)));
      for (GradedSample s : graded) {
        t.println(
            String.format(
                Locale.ROOT,
                "  %-24s %.2f  %-16s %s",
                s.id().length() > 24 ? s.id().substring(0, 23) + "…" : s.id(),
                s.aggregateRewardScore(),
                s.reason() == null ? "" : s.reason(),
                s.metrics().stream()
                    .map(
                        m ->
                            m.name()
                                + "="
                                + trim(m.value())
                                + (m.type().equals("Reward") ? "*" : ""))
                    .collect(Collectors.joining(" "))));
      }
      double mean =
          graded.stream().mapToDouble(GradedSample::aggregateRewardScore).average().orElse(0);
      Map<String, Long> reasons =
          graded.stream()
              .collect(
                  Collectors.groupingBy(
                      s -> s.reason() == null ? "?" : s.reason(),
                      TreeMap::new,
                      Collectors.counting()));
      t.println(
          String.format(
              Locale.ROOT, "Mean reward %.3f; %s (* = part of the reward)", mean, reasons));
      return 0;
    }

    private static String trim(double value) {
      return value == Math.rint(value)
          ? Long.toString((long) value)
          : String.format(Locale.ROOT, "%.3f", value);
    }

    private static Map<String, String> readAnswers(Path file) {
      Map<String, String> byId = new LinkedHashMap<>();
      app.polychat.finetune.format.JsonlReader.forEachLine(
          file,
          line -> {
            if (line.blank()) {
              return;
            }
            JsonNode node;
            try {
              node = Json.parse(line.text());
            } catch (IllegalArgumentException e) {
              throw new app.polychat.finetune.format.DatasetFormatException(
                      "not valid JSON: " + e.getMessage(), e)
                  .at(file, line.number());
            }
            if (!node.path("id").isTextual() || !node.path("answer").isTextual()) {
              throw new app.polychat.finetune.format.DatasetFormatException(
                      "an answer line is {\"id\": \"<record id>\", \"answer\": \"...\"}", null)
                  .at(file, line.number());
            }
            byId.put(node.get("id").asText(), node.get("answer").asText());
          });
      return byId;
    }
  }
}
