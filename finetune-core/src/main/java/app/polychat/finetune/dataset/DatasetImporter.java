package app.polychat.finetune.dataset;

import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.filter.ExampleFilter;
import app.polychat.finetune.filter.FilterDecision;
import app.polychat.finetune.filter.Filters;
import app.polychat.finetune.format.DatasetFormatException;
import app.polychat.finetune.format.DatasetFormats;
import app.polychat.finetune.format.DatasetFormatter;
import app.polychat.finetune.format.JsonlReader;
import app.polychat.finetune.format.JsonlWriter;
import app.polychat.finetune.format.RecordLabels;
import app.polychat.finetune.support.Hashing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a file of existing examples (any supported format) into a split dataset: the same filters
 * as generation (with recorded reasons), exact duplicates removed, a seeded stratified split, and
 * the files written atomically. Two streaming passes over the input; only a hash per record is
 * kept.
 *
 * <pre>{@code
 * ImportResult result = DatasetImporter.builder().trainRatio(0.8).seed(42).build()
 *     .importFile(Path.of("export.jsonl"), Path.of("datasets/imported"));
 * }</pre>
 */
public final class DatasetImporter {
  private final double trainRatio;
  private final long seed;
  private final String outputFormatId;
  private final List<ExampleFilter> filters;

  private DatasetImporter(Builder b) {
    this.trainRatio = b.trainRatio;
    this.seed = b.seed;
    this.outputFormatId = b.outputFormatId;
    this.filters = List.copyOf(b.filters);
  }

  /**
   * Starts building an importer: every setting has a default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The outcome of an import.
   *
   * @param inputFormatId the format recognized in the input
   * @param read records read
   * @param dataset the files written
   * @param dropsByReason records left out, by reason
   */
  public record ImportResult(
      String inputFormatId, long read, LocalDataset dataset, Map<String, Integer> dropsByReason) {}

  /**
   * Imports {@code input} into {@code train.jsonl} and {@code validation.jsonl} in {@code
   * outputDir}.
   *
   * @param input the file to import, in any detected format
   * @param outputDir the folder to write the two files into; created when missing
   * @return the files written and what was kept or dropped
   * @throws DatasetFormatException naming the file and line of an unreadable record
   */
  public ImportResult importFile(Path input, Path outputDir) {
    Objects.requireNonNull(input, "input");
    DatasetFormatter reader = JsonlReader.detectFormat(input);
    DatasetFormatter writer = DatasetFormats.byId(outputFormatId);
    Map<String, Integer> drops = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    BitSet kept = new BitSet();
    List<String> strata = new ArrayList<>();
    long[] read = {0};
    forEachRecord(
        input,
        reader,
        (index, line, example) -> {
          read[0]++;
          FilterDecision decision = filter(example);
          if (decision.dropped()) {
            drops.merge(decision.dropReason(), 1, Integer::sum);
            return;
          }
          if (!seen.add(Hashing.sha256Hex(writer.encode(decision.example())))) {
            drops.merge("duplicate record", 1, Integer::sum);
            return;
          }
          kept.set(index);
          strata.add(RecordLabels.of(line, example).stratum());
        });
    BitSet validation = DatasetSplitter.of(trainRatio, seed).validationSet(strata);
    Path trainFile = outputDir.resolve("train.jsonl");
    Path validationFile = validation.isEmpty() ? null : outputDir.resolve("validation.jsonl");
    try (JsonlWriter train = JsonlWriter.create(trainFile);
        JsonlWriter val = validationFile == null ? null : JsonlWriter.create(validationFile)) {
      int[] position = {0};
      forEachRecord(
          input,
          reader,
          (index, line, example) -> {
            if (kept.get(index)) {
              TrainingExample filtered = filter(example).example();
              (validation.get(position[0]++) ? val : train).write(filtered, writer);
            }
          });
      train.commit();
      if (val != null) {
        val.commit();
      }
      LocalDataset dataset =
          new LocalDataset(
              train.target(),
              val == null ? null : val.target(),
              outputFormatId,
              train.lines(),
              val == null ? 0 : val.lines());
      return new ImportResult(reader.formatId(), read[0], dataset, drops);
    }
  }

  private FilterDecision filter(TrainingExample example) {
    TrainingExample current = example;
    for (ExampleFilter filter : filters) {
      FilterDecision decision = filter.apply(current);
      if (decision.dropped()) {
        return decision;
      }
      current = decision.example();
    }
    return FilterDecision.keep(current);
  }

  private interface RecordAction {
    void accept(int index, String line, TrainingExample example);
  }

  private static void forEachRecord(Path input, DatasetFormatter reader, RecordAction action) {
    int[] index = {0};
    JsonlReader.forEachLine(
        input,
        line -> {
          if (line.blank()) {
            return;
          }
          TrainingExample example;
          try {
            example = reader.decode(line.text());
          } catch (DatasetFormatException e) {
            throw e.at(input, line.number());
          }
          action.accept(index[0]++, line.text(), example);
        });
  }

  /** Builds a {@link DatasetImporter}. */
  public static final class Builder {
    private double trainRatio = 0.8;
    private long seed = 42;
    private String outputFormatId = DatasetFormats.bedrockConversation().formatId();
    private List<ExampleFilter> filters = Filters.defaults(32_000);

    private Builder() {}

    /**
     * The share of examples for training (default 0.8); 1.0 writes no validation file.
     *
     * @param trainRatio a share above 0 and at most 1
     * @return this builder
     * @throws IllegalArgumentException when the share is outside (0, 1]
     */
    public Builder trainRatio(double trainRatio) {
      DatasetSplitter.of(trainRatio, 0);
      this.trainRatio = trainRatio;
      return this;
    }

    /**
     * The split's seed (default 42): the same seed and file give the same split.
     *
     * @param seed any number
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The format to write (default {@code bedrock-conversation-2024}).
     *
     * @param outputFormatId the format to write (default {@code bedrock-conversation-2024})
     * @return this builder
     */
    public Builder outputFormatId(String outputFormatId) {
      DatasetFormats.byId(outputFormatId);
      this.outputFormatId = outputFormatId;
      return this;
    }

    /**
     * Replaces the filter chain (default {@link Filters#defaults} for a 32k context).
     *
     * @param filters the filters, applied in order
     * @return this builder
     */
    public Builder filters(List<ExampleFilter> filters) {
      this.filters = List.copyOf(filters);
      return this;
    }

    /**
     * Builds the importer.
     *
     * @return the importer
     */
    public DatasetImporter build() {
      return new DatasetImporter(this);
    }
  }
}
