package app.polychat.finetune.source;

import app.polychat.finetune.example.Conversation;
import app.polychat.finetune.example.ExampleMetadata;
import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.format.DatasetFormatException;
import app.polychat.finetune.format.DatasetFormatter;
import app.polychat.finetune.format.JsonlReader;
import app.polychat.finetune.format.RecordLabels;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Existing examples as a teacher: a JSONL file in any supported format (Bedrock conversation,
 * prompt-only excluded, OpenAI chat, or {@code {prompt, completion}} lines) answers planned
 * requests, so a dataset exported from production or written by hand enters the same pipeline as
 * generated data. It also runs the toolkit without any account, over a shipped sample set.
 *
 * <p>A request is answered by an unused example with the same user prompt; failing that, one with
 * the same style and complexity; failing that, any unused example. Styles and complexities come
 * from {@code style}/{@code complexity} fields on the line (or in a {@code metadata} object), or
 * from {@code STYLE:}/{@code COMPLEXITY:} lines of the system prompt. An example without a system
 * prompt gets the planned one. When every example has been used, requests fail with a clear reason.
 *
 * <p>The file is indexed once (line offsets and keys, not the records) and each record is read when
 * it is handed out, so the file's size does not matter.
 *
 * <pre>{@code
 * try (ExampleSource samples = JsonlExampleSource.open(Path.of("samples.jsonl"))) { ... }
 * }</pre>
 */
public final class JsonlExampleSource implements ExampleSource {
  private final Path file;
  private final DatasetFormatter formatter;
  private final RandomAccessFile reader;
  private final Map<String, Deque<Long>> byPrompt = new HashMap<>();
  private final Map<String, Deque<Long>> byCombination = new HashMap<>();
  private final Deque<Long> all = new ArrayDeque<>();
  private final Map<Long, Boolean> used = new HashMap<>();
  private final int size;

  private JsonlExampleSource(Path file) throws IOException {
    this.file = file;
    this.formatter = JsonlReader.detectFormat(file);
    int[] count = {0};
    JsonlReader.forEachLine(
        file,
        line -> {
          if (line.blank()) {
            return;
          }
          Keyed keyed;
          try {
            keyed = decode(line.text());
          } catch (DatasetFormatException e) {
            throw e.at(file, line.number());
          }
          long at = line.offset();
          count[0]++;
          all.add(at);
          keyed
              .example
              .conversation()
              .firstUserText()
              .ifPresent(p -> byPrompt.computeIfAbsent(p, k -> new ArrayDeque<>()).add(at));
          byCombination
              .computeIfAbsent(keyed.style + "|" + keyed.complexity, k -> new ArrayDeque<>())
              .add(at);
        });
    this.size = count[0];
    this.reader = new RandomAccessFile(file.toFile(), "r");
  }

  /**
   * Indexes a JSONL file of examples.
   *
   * @param file the JSONL file, in any format {@link app.polychat.finetune.format.DatasetFormats}
   *     detects
   * @return the source, which answers each request with a different example
   * @throws DatasetFormatException naming the file and line of the first unreadable record
   */
  public static JsonlExampleSource open(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      return new JsonlExampleSource(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Examples in the file.
   *
   * @return the number of examples in the file
   */
  public int size() {
    return size;
  }

  /** The number of examples in the file: each answers one request. */
  @Override
  public OptionalInt capacity() {
    return OptionalInt.of(size);
  }

  /**
   * True: which example answers a request depends on which are still unused, so requests are
   * answered one after another in plan order (the engine's bulk path), and the same plan always
   * gives the same dataset. Reading a local file is fast; nothing is gained by threads.
   */
  @Override
  public boolean prefersBulk() {
    return true;
  }

  @Override
  public synchronized GeneratedExample generate(GenerationRequest request) {
    long started = System.nanoTime();
    Long offset = take(byPrompt.get(request.prompt()));
    if (offset == null) {
      offset = take(byCombination.get(request.style() + "|" + request.complexity()));
    }
    if (offset == null) {
      offset = take(all);
    }
    if (offset == null) {
      throw new SourceException(
          "no unused example left in " + file.getFileName() + " (it holds " + size + ")", false);
    }
    used.put(offset, Boolean.TRUE);
    Keyed keyed = decode(readLineAt(offset));
    Conversation c = keyed.example.conversation();
    if (c.system().isEmpty()) {
      c = new Conversation(Conversation.of(request.systemPrompt(), "", "").system(), c.messages());
    }
    ExampleMetadata metadata =
        new ExampleMetadata(
            request.id(),
            keyed.style == null ? request.style() : keyed.style,
            keyed.complexity == null ? request.complexity() : keyed.complexity,
            "import:" + file.getFileName(),
            null,
            null,
            Duration.ofNanos(System.nanoTime() - started),
            Instant.now(),
            Map.of("source", "jsonl"));
    return new GeneratedExample(new TrainingExample(c, metadata), 1);
  }

  private Long take(Deque<Long> queue) {
    if (queue == null) {
      return null;
    }
    while (!queue.isEmpty()) {
      Long offset = queue.poll();
      if (!used.containsKey(offset)) {
        return offset;
      }
    }
    return null;
  }

  private String readLineAt(long offset) {
    try {
      reader.seek(offset);
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(512);
      for (int b; (b = reader.read()) != -1 && b != '\n'; ) {
        bytes.write(b);
      }
      String line = bytes.toString(StandardCharsets.UTF_8);
      return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    } catch (IOException e) {
      throw new SourceException("cannot read " + file + ": " + e.getMessage(), e, false);
    }
  }

  private Keyed decode(String line) {
    TrainingExample example = formatter.decode(line);
    RecordLabels labels = RecordLabels.of(line, example);
    return new Keyed(example, labels.style(), labels.complexity());
  }

  @Override
  public String describe() {
    return "jsonl:" + file.getFileName() + " (" + formatter.formatId() + ")";
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Keyed(TrainingExample example, String style, String complexity) {}
}
