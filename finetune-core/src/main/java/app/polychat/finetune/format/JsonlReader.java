package app.polychat.finetune.format;

import app.polychat.finetune.example.TrainingExample;
import java.io.IOException;
import java.io.InputStream;
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
  /**
   * One line of a file.
   *
   * @param number 1-based line number
   * @param text the line without its line break (and without a byte-order mark)
   * @param offset byte offset of the line's text in the file
   */
  public record Line(long number, String text, long offset) {
    /**
     * Whether the line holds only whitespace.
     *
     * @return true for an empty or whitespace-only line
     */
    public boolean blank() {
      return text.isBlank();
    }
  }

  /**
   * Calls {@code action} for every line, blank ones included, in order.
   *
   * @param file the file to read, UTF-8
   * @param action receives each line with its 1-based number and byte offset
   * @throws DatasetFormatException when the file is missing or a line is not valid UTF-8
   */
  public static void forEachLine(Path file, Consumer<Line> action) {
    Objects.requireNonNull(file, "file");
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    // lines are split on bytes and decoded one by one, so an encoding error is pinned to its line
    long number = 0;
    long position = 0;
    long lineStart = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] chunk = new byte[1 << 16];
      byte[] line = new byte[1 << 12];
      int lineLength = 0;
      for (int read; (read = in.read(chunk)) > 0; ) {
        int start = 0;
        for (int i = 0; i < read; i++) {
          if (chunk[i] == '\n') {
            line = append(line, lineLength, chunk, start, i - start);
            lineLength += i - start;
            number++;
            action.accept(line(decoder, line, lineLength, number, file, lineStart));
            lineLength = 0;
            start = i + 1;
            lineStart = position + start;
          }
        }
        line = append(line, lineLength, chunk, start, read - start);
        lineLength += read - start;
        position += read;
      }
      if (lineLength > 0) {
        number++;
        action.accept(line(decoder, line, lineLength, number, file, lineStart));
      }
    } catch (NoSuchFileException e) {
      throw new DatasetFormatException("file not found", e, file, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] append(byte[] line, int length, byte[] chunk, int from, int count) {
    if (length + count > line.length) {
      line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, length + count));
    }
    System.arraycopy(chunk, from, line, length, count);
    return line;
  }

  private static Line line(
      java.nio.charset.CharsetDecoder decoder,
      byte[] bytes,
      int length,
      long number,
      Path file,
      long offset) {
    int from = 0;
    if (number == 1
        && length >= 3
        && (bytes[0] & 0xFF) == 0xEF
        && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF) {
      from = 3;
    }
    return new Line(number, decode(decoder, bytes, from, length, number, file), offset + from);
  }

  private static String decode(
      java.nio.charset.CharsetDecoder decoder,
      byte[] bytes,
      int from,
      int length,
      long number,
      Path file) {
    if (length > from && bytes[length - 1] == '\r') {
      length--;
    }
    boolean ascii = true;
    for (int i = from; i < length && ascii; i++) {
      ascii = bytes[i] >= 0;
    }
    if (ascii) {
      return new String(bytes, from, length - from, StandardCharsets.ISO_8859_1);
    }
    try {
      return decoder.decode(java.nio.ByteBuffer.wrap(bytes, from, length - from)).toString();
    } catch (CharacterCodingException e) {
      throw new DatasetFormatException("not valid UTF-8 (save the file as UTF-8)", e, file, number);
    }
  }

  /**
   * Decodes every non-blank line with the formatter and passes the examples on, in order.
   *
   * @param file the dataset file to read, UTF-8
   * @param formatter decodes each non-blank line
   * @param action receives each decoded example
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
   * @param file the dataset file to look at
   * @return the formatter whose shape the first record has
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
