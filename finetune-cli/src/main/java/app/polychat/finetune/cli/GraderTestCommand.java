package app.polychat.finetune.cli;

import app.polychat.finetune.grader.GradedSample;
import app.polychat.finetune.grader.GraderBatch;
import app.polychat.finetune.grader.LocalGrader;
import app.polychat.finetune.support.Json;
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

/** The {@code finetune grader test} command. */
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
final class GraderTestCommand implements Callable<Integer> {
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
      description = "A model's answers to grade: JSONL {\"id\": ..., \"answer\": ...} per record.")
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

  @picocli.CommandLine.Mixin JsonOption format = new JsonOption();

  GraderTestCommand(Context context) {
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
    if (format.json) {
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
                          m.name() + "=" + trim(m.value()) + (m.type().equals("Reward") ? "*" : ""))
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
        String.format(Locale.ROOT, "Mean reward %.3f; %s (* = part of the reward)", mean, reasons));
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
