package app.polychat.finetune.bedrock.training.internal;

import app.polychat.finetune.job.MetricPoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the loss CSVs Bedrock writes next to a job's outputs ({@code
 * step_wise_training_metrics.csv} with {@code step_number, epoch_number, training_loss,
 * perplexity}, and the validation CSV with {@code validation_loss} instead), averaging the several
 * rows Bedrock writes per step. Columns are found by header name, so their order and extra columns
 * do not matter. Not public API.
 */
public final class LossCsv {
  public static final String TRAINING_LOSS = "training_loss";
  public static final String VALIDATION_LOSS = "validation_loss";

  /** The average loss of one step, and the average perplexity when the file has that column. */
  public record StepLoss(int step, int epoch, double loss, Double perplexity) {
    public StepLoss(int step, int epoch, double loss) {
      this(step, epoch, loss, null);
    }
  }

  private LossCsv() {}

  /**
   * Averages {@code lossColumn} per {@code step_number}, streaming the lines.
   *
   * @param source the file's name, for the error message
   * @return by step, ascending; empty for a file with only a header
   * @throws IllegalArgumentException when a needed column is missing
   */
  public static Map<Integer, StepLoss> read(BufferedReader reader, String lossColumn, String source)
      throws IOException {
    String header = reader.readLine();
    Map<Integer, StepLoss> out = new TreeMap<>();
    if (header == null) {
      return out;
    }
    List<String> columns = new ArrayList<>();
    for (String name : header.replace("\uFEFF", "").split(",", -1)) {
      columns.add(name.trim().toLowerCase(Locale.ROOT));
    }
    int stepAt = require(columns, "step_number", source);
    int lossAt = require(columns, lossColumn, source);
    int epochAt = columns.indexOf("epoch_number");
    int perplexityAt = columns.indexOf("perplexity");
    // step -> {sum, count, epoch, perplexity sum, perplexity count}
    Map<Integer, double[]> sums = new TreeMap<>();
    for (String line; (line = reader.readLine()) != null; ) {
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      Integer step = integer(cells, stepAt);
      Double loss = number(cells, lossAt);
      if (step == null || loss == null || loss.isNaN()) {
        continue; // a row without a step or a loss carries nothing to plot
      }
      Integer epoch = epochAt < 0 ? null : integer(cells, epochAt);
      double[] acc = sums.computeIfAbsent(step, s -> new double[] {0, 0, -1, 0, 0});
      acc[0] += loss;
      acc[1]++;
      Double perplexity = perplexityAt < 0 ? null : number(cells, perplexityAt);
      if (perplexity != null && !perplexity.isNaN()) {
        acc[3] += perplexity;
        acc[4]++;
      }
      if (epoch != null && acc[2] < 0) {
        acc[2] = epoch;
      }
    }
    sums.forEach(
        (step, acc) ->
            out.put(
                step,
                new StepLoss(
                    step,
                    (int) Math.max(acc[2], 0),
                    acc[0] / acc[1],
                    acc[4] == 0 ? null : acc[3] / acc[4])));
    return out;
  }

  /** One point per step seen in either file, ascending; a loss is null where its file had none. */
  public static List<MetricPoint> merge(
      Map<Integer, StepLoss> training, Map<Integer, StepLoss> validation) {
    TreeSet<Integer> steps = new TreeSet<>(training.keySet());
    steps.addAll(validation.keySet());
    List<MetricPoint> points = new ArrayList<>(steps.size());
    for (int step : steps) {
      StepLoss t = training.get(step);
      StepLoss v = validation.get(step);
      int epoch = t != null ? t.epoch() : v.epoch();
      points.add(
          new MetricPoint(
              step,
              epoch,
              t == null ? null : t.loss(),
              v == null ? null : v.loss(),
              t == null ? null : t.perplexity(),
              v == null ? null : v.perplexity()));
    }
    return points;
  }

  private static int require(List<String> columns, String name, String source) {
    int at = columns.indexOf(name);
    if (at < 0) {
      throw new IllegalArgumentException(
          source + " has no '" + name + "' column (its columns are " + columns + ")");
    }
    return at;
  }

  private static Integer integer(String[] cells, int at) {
    Double value = number(cells, at);
    return value == null || value.isNaN() ? null : (int) Math.round(value);
  }

  private static Double number(String[] cells, int at) {
    if (at >= cells.length) {
      return null;
    }
    String text = cells[at].trim();
    if (text.startsWith("\"") && text.endsWith("\"") && text.length() >= 2) {
      text = text.substring(1, text.length() - 1).trim();
    }
    if (text.isEmpty()) {
      return null;
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
