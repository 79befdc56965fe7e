package app.polychat.finetune.dataset;

import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.format.DatasetFormatException;
import app.polychat.finetune.format.DatasetFormatter;
import app.polychat.finetune.format.JsonlReader;
import app.polychat.finetune.format.JsonlWriter;
import app.polychat.finetune.format.RecordLabels;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rewrites dataset files in another format, one record at a time: each input's format is recognized
 * from its first record, the records of every input go to one output in order, and the output
 * appears only when every record converted (a bad record names its file and line and leaves nothing
 * behind). Style and complexity labels travel with the records.
 *
 * <p>The way from a generated or imported dataset to reinforcement fine-tuning: its answers become
 * the reference answers of {@code bedrock-rft} records, and since RFT takes no validation file,
 * both files go into one.
 *
 * <pre>{@code
 * DatasetConverter.Result result = DatasetConverter.convert(
 *     List.of(Path.of("train.jsonl"), Path.of("validation.jsonl")),
 *     Path.of("train-rft.jsonl"),
 *     DatasetFormats.byId("bedrock-rft"));
 * }</pre>
 */
public final class DatasetConverter {
  private DatasetConverter() {}

  /**
   * What a conversion did.
   *
   * @param output the file written
   * @param formatId the format written
   * @param records records written
   * @param inputFormats the format recognized in each input, by file
   */
  public record Result(Path output, String formatId, long records, Map<Path, String> inputFormats) {
    /**
     * Copies the input formats.
     *
     * @param output the file written
     * @param formatId the format written
     * @param records records written
     * @param inputFormats the format recognized in each input, by file
     */
    public Result {
      inputFormats = Map.copyOf(inputFormats);
    }
  }

  /**
   * Converts every record of {@code inputs} (in order) into {@code output}, written in {@code to}.
   *
   * @param inputs the files to read, in any format {@link
   *     app.polychat.finetune.format.DatasetFormats} detects
   * @param output the file to write; replaced atomically when done
   * @param to the format to write
   * @return how many records were read and written
   * @throws DatasetFormatException naming the file and line of a record that cannot be read or
   *     cannot be written in the target format (e.g. an example without an answer for RFT)
   */
  public static Result convert(List<Path> inputs, Path output, DatasetFormatter to) {
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(to, "to");
    if (Objects.requireNonNull(inputs, "inputs").isEmpty()) {
      throw new IllegalArgumentException("no input files: name at least one");
    }
    for (Path input : inputs) {
      if (input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
        throw new IllegalArgumentException(
            "the output " + output + " is also an input: write the converted file elsewhere");
      }
    }
    Map<Path, String> formats = new LinkedHashMap<>();
    try (JsonlWriter writer = JsonlWriter.create(output)) {
      for (Path input : inputs) {
        DatasetFormatter from = JsonlReader.detectFormat(input);
        formats.put(input, from.formatId());
        JsonlReader.forEachLine(
            input,
            line -> {
              if (line.blank()) {
                return;
              }
              try {
                TrainingExample example = from.decode(line.text());
                RecordLabels labels = RecordLabels.of(line.text(), example);
                if (example.metadata().style() == null && labels.style() != null
                    || example.metadata().complexity() == null && labels.complexity() != null) {
                  example =
                      example.withMetadata(
                          example
                              .metadata()
                              .withStyle(
                                  orElse(example.metadata().style(), labels.style()),
                                  orElse(example.metadata().complexity(), labels.complexity())));
                }
                writer.write(to.encode(example));
              } catch (DatasetFormatException e) {
                throw e.at(input, line.number());
              }
            });
      }
      writer.commit();
      return new Result(output, to.formatId(), writer.lines(), formats);
    }
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }
}
