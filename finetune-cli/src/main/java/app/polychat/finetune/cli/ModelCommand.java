package app.polychat.finetune.cli;

import app.polychat.finetune.bedrock.serving.DeploymentCostNotice;
import app.polychat.finetune.bedrock.serving.DeploymentKind;
import app.polychat.finetune.check.Score;
import app.polychat.finetune.support.FineTuneException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

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
      ModelListCommand.class,
      ModelInfoCommand.class,
      ModelDeployCommand.class,
      ModelDeploymentsCommand.class,
      ModelUndeployCommand.class,
      ModelTestCommand.class,
      ModelCompareCommand.class,
      ModelExportCommand.class
    })
final class ModelCommand {
  static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

  /** The held-out split the dataset commands write, compared by default. */
  static final Path DEFAULT_PROMPTS = Path.of("datasets", "strudel", "validation.jsonl");

  /** The prompt {@code model test} sends when none is given. */
  static final String DEFAULT_TEST_PROMPT =
      "Create a driving techno beat with a four-on-the-floor kick and offbeat hats";

  private ModelCommand() {}

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

  static String readLine(String prompt) {
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

  // ---------------------------------------------------------------------------------------------

  static String failed(Score score) {
    return score.checks().entrySet().stream()
        .filter(e -> !e.getValue())
        .map(Map.Entry::getKey)
        .collect(Collectors.joining(", "));
  }

  static String usd(BigDecimal amount) {
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
