package app.polychat.finetune.format;

import app.polychat.finetune.example.TrainingExample;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads a JSONL file one line at a time, never the whole file. Invalid UTF-8 and undecodable
 * records are reported as {@link DatasetFormatException}s naming the file and the 1-based line.
 *
 * <pre>{@code
 * JsonlReader.forEachExample(Path.of("train.jsonl"), DatasetFormats.bedrockConversation(),
 *     example -> count++);
 * }</pre>
 */
public final class JsonlReader {
  private JsonlReader() {}

  /** One line of a file with its number. */
  public record Line(long number, String text) {
    public boolean blank() {
      return text.isBlank();
    }
  }

  /**
   * Calls {@code action} for every line, blank ones included, in order.
   *
   * @throws DatasetFormatException when the file is missing or a line is not valid UTF-8
   */
  public static void forEachLine(Path file, Consumer<Line> action) {
    Objects.requireNonNull(file, "file");
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    long number = 0;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16)) {
      for (String text; (text = reader.readLine()) != null; ) {
        number++;
        if (number == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
          text = text.substring(1);
        }
        action.accept(new Line(number, text));
      }
    } catch (NoSuchFileException e) {
      throw new DatasetFormatException("file not found", e, file, 0);
    } catch (CharacterCodingException e) {
      throw new DatasetFormatException(
          "not valid UTF-8 (save the file as UTF-8)", e, file, number + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes every non-blank line with the formatter and passes the examples on, in order.
   *
   * @throws DatasetFormatException at the first bad line, naming file and line
   */
  public static void forEachExample(
      Path file, DatasetFormatter formatter, Consumer<TrainingExample> action) {
    forEachLine(
        file,
        line -> {
          if (line.blank()) {
            return;
          }
          TrainingExample example;
          try {
            example = formatter.decode(line.text());
          } catch (DatasetFormatException e) {
            throw e.at(file, line.number());
          }
          action.accept(example);
        });
  }

  /**
   * Recognizes the format of a file from its first non-blank line.
   *
   * @throws DatasetFormatException when the file is empty or the line matches no format
   */
  public static DatasetFormatter detectFormat(Path file) {
    DatasetFormatter[] found = new DatasetFormatter[1];
    try {
      forEachLine(
          file,
          line -> {
            if (found[0] == null && !line.blank()) {
              try {
                found[0] = DatasetFormats.detect(line.text());
              } catch (DatasetFormatException e) {
                throw e.at(file, line.number());
              }
              throw new StopReading();
            }
          });
    } catch (StopReading stop) {
      return found[0];
    }
    throw new DatasetFormatException("the file has no records", null, file, 0);
  }

  private static final class StopReading extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StopReading() {
      super(null, null, false, false);
    }
  }
}
