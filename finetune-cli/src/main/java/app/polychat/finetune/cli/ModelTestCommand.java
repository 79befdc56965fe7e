package app.polychat.finetune.cli;

import static app.polychat.finetune.cli.ModelCommand.DEFAULT_TEST_PROMPT;
import static app.polychat.finetune.cli.ModelCommand.failed;

import app.polychat.finetune.bedrock.evaluation.ModelAnswer;
import app.polychat.finetune.bedrock.evaluation.ModelTester;
import app.polychat.finetune.check.Score;
import app.polychat.finetune.strudel.StrudelScorer;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code finetune model test} command. */
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
final class ModelTestCommand implements Callable<Integer> {
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

  @picocli.CommandLine.Mixin InferenceOptions inference = new InferenceOptions();

  @picocli.CommandLine.Mixin JsonOption format = new JsonOption();

  ModelTestCommand(Context context) {
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
      ModelTester tester = aws.tester(inference.temperature, inference.maxTokens);
      for (String prompt : asked) {
        ModelAnswer answer = tester.ask(model, systemPrompt, prompt);
        Score score = scorer.score(prompt, answer.text(), null);
        if (format.json) {
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
                + (score.compliant() ? t.green("compliant") : t.yellow("fails " + failed(score))));
        t.println();
      }
    }
    if (format.json) {
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
