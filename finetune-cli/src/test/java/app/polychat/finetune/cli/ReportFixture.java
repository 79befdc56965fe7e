package app.polychat.finetune.cli;

import app.polychat.finetune.report.ReportFixtures;
import app.polychat.finetune.report.ReportFixtures.CsvRow;
import app.polychat.finetune.sqlite.SqliteRunTracker;
import app.polychat.finetune.track.DatasetRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Puts a realistic finished Bedrock job into a history, since no real job runs offline: the
 * fixture's job (trained on the newest dataset in the history), its status history, and its loss
 * CSVs laid out as Bedrock writes them in the job's output folder, plus comparison results. {@code
 * scripts/render-reports.sh} and the CLI tests run {@code finetune report job} on it.
 *
 * <p>Usage: {@code ReportFixture <database> <folder>}; writes {@code <folder>/output/...} and
 * {@code <folder>/compare.json}.
 */
public final class ReportFixture {
  static final String JOB_FOLDER = "model-customization-job-k3x9q2m7v1ab";

  private ReportFixture() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: ReportFixture <database> <folder>");
      System.exit(2);
    }
    write(Path.of(args[0]), Path.of(args[1]));
    System.out.println(ReportFixtures.JOB_ARN);
  }

  /** Records the job on the newest dataset of the database and writes its output folder. */
  static void write(Path database, Path folder) throws IOException {
    try (SqliteRunTracker tracker = SqliteRunTracker.open(database)) {
      DatasetRecord dataset =
          tracker.datasets(1).stream()
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no dataset in " + database));
      tracker.recordJob(
          ReportFixtures.job(dataset.datasetId(), dataset.trainUri(), dataset.validationUri()));
      ReportFixtures.statuses().forEach(tracker::recordJobStatus);
      int steps = (int) Math.max(8, dataset.trainCount());
      Path job = folder.resolve("output").resolve(JOB_FOLDER);
      csv(
          job.resolve("training_artifacts/step_wise_training_metrics.csv"),
          "step_number,epoch_number,training_loss,perplexity",
          ReportFixtures.trainingRows(steps, 2, 3));
      csv(
          job.resolve(
              "validation_artifacts/post_fine_tuning_validation/validation/validation_metrics.csv"),
          "step_number,epoch_number,validation_loss,perplexity",
          ReportFixtures.validationRows(steps, 2, 10));
      Files.writeString(folder.resolve("compare.json"), ReportFixtures.comparisonJson());
    }
  }

  private static void csv(Path file, String header, List<CsvRow> rows) throws IOException {
    Files.createDirectories(file.getParent());
    StringBuilder text = new StringBuilder(header).append('\n');
    for (CsvRow row : rows) {
      text.append(
          String.format(
              Locale.ROOT,
              "%d,%d,%.6f,%.6f%n",
              row.step(),
              row.epoch(),
              row.loss(),
              Math.exp(row.loss())));
    }
    Files.writeString(file, text);
  }
}
