package app.polychat.finetune.validate;

import app.polychat.finetune.format.BedrockConversationFormatter;
import app.polychat.finetune.format.BedrockPromptOnlyFormatter;
import app.polychat.finetune.format.BedrockRftFormatter;
import app.polychat.finetune.format.DatasetFormatException;
import app.polychat.finetune.format.DatasetFormats;
import app.polychat.finetune.format.OpenAiChatFormatter;
import app.polychat.finetune.format.PromptCompletionFormatter;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.support.Json;
import app.polychat.finetune.validate.internal.ByteLineReader;
import app.polychat.finetune.validate.internal.Hash64;
import app.polychat.finetune.validate.internal.IntHistogram;
import app.polychat.finetune.validate.internal.LongIntHashMap;
import app.polychat.finetune.validate.internal.Utf8;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Scans one dataset file line by line, never holding more than one line: checks each line's bytes
 * (UTF-8, blank), has a {@link RecordWalker} check the record, and keeps statistics, duplicate
 * hashes and train/validation overlap in fixed-size structures. One instance per file and run; not
 * thread-safe.
 */
final class FileScanner implements ByteLineReader.Handler {
  enum Side {
    TRAINING,
    VALIDATION
  }

  private static final int MAX_STYLE_PAIRS = 1_000;
  private static final int MAX_SYSTEM_VARIANTS = 10_000;
  private static final int MAX_DETECTION_ATTEMPTS = 100;

  private final ScanSettings settings;
  private final FindingSink sink;
  private final Side side;
  private final RecordIndex index;
  private final String file;
  private final String sideName;
  private final JsonFactory factory = Json.mapper().getFactory();
  private final RecordWalker record;

  private String formatId;
  private boolean formatDecided;
  private int detectionAttempts;

  // statistics
  private final IntHistogram tokenHistogram = new IntHistogram(1 << 17);
  private final IntHistogram charHistogram = new IntHistogram(1 << 18);
  private final IntHistogram turnHistogram = new IntHistogram(1 << 10);
  private final LongIntHashMap systemVariants = new LongIntHashMap(64, MAX_SYSTEM_VARIANTS);
  private boolean systemVariantsCapped;
  private final Map<String, Map<String, long[]>> styleComplexity = new HashMap<>();
  private int stylePairs;
  private long lines;
  private long line;
  private long records;
  private long blankLines;
  private long recordsWithErrors;
  private long recordsWithoutSystem;
  private long duplicates;
  private long overlaps;

  FileScanner(ScanSettings settings, FindingSink sink, Side side, RecordIndex index, Path path) {
    this.settings = settings;
    this.sink = sink;
    this.side = side;
    this.index = index;
    this.file = path.toString();
    this.sideName = side == Side.TRAINING ? "training" : "validation";
    this.record = new RecordWalker(settings, sink, file);
    if (settings.formatId() != null) {
      decideFormat(settings.formatId());
    }
  }

  /** Scans the file; problems opening or reading it become findings. */
  DatasetStatistics scan(Path path) {
    if (!Files.exists(path)) {
      fileError(
          FindingCode.FILE_NOT_FOUND, "the " + sideName + " file does not exist: check the path");
      return statistics(0);
    }
    if (!Files.isRegularFile(path)) {
      fileError(FindingCode.FILE_UNREADABLE, "not a regular file: give the path of a .jsonl file");
      return statistics(0);
    }
    checkFileName(path);
    long bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = ByteLineReader.read(in, settings.maxLineBytes(), this);
    } catch (IOException e) {
      fileError(FindingCode.FILE_UNREADABLE, "cannot read the file: " + e.getMessage());
      return statistics(0);
    }
    if (records == 0) {
      fileError(
          FindingCode.EMPTY_FILE,
          "the " + sideName + " file has no records: each line must hold one JSON record");
    }
    return statistics(bytes);
  }

  private void checkFileName(Path path) {
    Path name = path.getFileName();
    String fileName = name == null ? "" : name.toString();
    if (!BedrockRules.DATASET_FILE_NAME.matcher(fileName).matches()) {
      fileError(
          FindingCode.FILE_NAME,
          "file name '"
              + fileName
              + "' has characters Bedrock rejects: use only letters, digits, '_', '-' and '.'");
    } else if (!fileName.toLowerCase(Locale.ROOT).endsWith(BedrockRules.DATASET_FILE_EXTENSION)) {
      fileError(
          FindingCode.FILE_NAME,
          "file name '"
              + fileName
              + "' does not end with .jsonl: Bedrock expects JSON Lines files");
    }
  }

  @Override
  public void line(long number, byte[] bytes, int offset, int length, boolean ascii) {
    lines = number;
    line = number;
    if (!ascii) {
      int bad = Utf8.firstInvalid(bytes, offset, length);
      if (bad >= 0) {
        records++;
        recordsWithErrors++;
        error(
            FindingCode.INVALID_UTF8,
            null,
            String.format(
                Locale.ROOT,
                "byte 0x%02X at column %d is not valid UTF-8: save the file as UTF-8"
                    + " (it looks like Latin-1 or Windows-1252 text)",
                bytes[bad] & 0xFF,
                bad - offset + 1));
        return;
      }
    }
    if (isBlank(bytes, offset, length)) {
      blankLines++;
      if (record.shape == RecordChecks.Shape.BEDROCK) {
        // Bedrock reads every line of a JSON Lines file as a record: an empty one fails the job
        // (AWS's nova_ft_dataset_validator.py fails it too: json.loads of an empty line raises).
        error(
            FindingCode.BLANK_LINE,
            null,
            "blank line "
                + number
                + ": every line of a Bedrock JSONL file must be a record; delete it");
      } else {
        warn(
            FindingCode.BLANK_LINE,
            null,
            "blank line: remove it (the conversion skips it, but Bedrock would fail on it)");
      }
      return;
    }
    records++;
    long errorsBefore = sink.errors();
    recordErrorsBefore = errorsBefore;
    if (!formatDecided && detectionAttempts++ < MAX_DETECTION_ATTEMPTS) {
      detectFormat(bytes, offset, length);
    }
    record.beginRecord(number);
    try (JsonParser p = factory.createParser(bytes, offset, length)) {
      // a key given twice is almost surely a mistake, and readers disagree on which one wins
      p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      record.walk(p);
      if (p.nextToken() != null) {
        error(
            FindingCode.INVALID_JSON,
            null,
            "more than one JSON value on the line: put each record on its own line");
      } else {
        completeRecord();
      }
    } catch (StreamConstraintsException e) {
      error(FindingCode.INVALID_JSON, null, "the record breaks a parser limit: " + e.getMessage());
    } catch (JsonProcessingException e) {
      error(FindingCode.INVALID_JSON, null, describe(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen when parsing a byte array
    }
    if (sink.errors() > errorsBefore) {
      recordsWithErrors++;
    }
  }

  @Override
  public void tooLong(long number, long length) {
    lines = number;
    line = number;
    records++;
    recordsWithErrors++;
    error(
        FindingCode.LINE_TOO_LONG,
        null,
        "the line is "
            + length
            + " bytes, far more than fits "
            + settings.model().displayName()
            + "'s context of "
            + settings.model().contextTokens()
            + " tokens; it was not read: shorten or split the record (or check that the file is"
            + " JSON Lines, one record per line)");
  }

  private static String describe(JsonProcessingException e) {
    String reason = e.getOriginalMessage();
    if (reason != null && reason.startsWith("Unexpected end-of-input")) {
      return "the JSON ends before the record is complete: is the record split over several"
          + " lines? JSON Lines needs each record on one line (escape line breaks as \\n)";
    }
    if (reason != null && reason.startsWith("Duplicate field ")) {
      return "the "
          + reason.substring("Duplicate ".length())
          + " appears twice in one object: keep one (readers disagree on which wins)";
    }
    int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
    String firstLine = reason == null ? "unreadable" : reason.lines().findFirst().orElse(reason);
    return "not valid JSON"
        + (column > 0 ? " at column " + column : "")
        + ": "
        + firstLine
        + ". Each line must be one complete JSON object";
  }

  private static boolean isBlank(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\f') {
        return false;
      }
    }
    return true;
  }

  private void detectFormat(byte[] bytes, int offset, int length) {
    String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
    try {
      decideFormat(DatasetFormats.detect(text).formatId());
    } catch (DatasetFormatException e) {
      // not JSON, or not a known shape: walk this record as Bedrock's and try the next one
    }
  }

  private void decideFormat(String id) {
    formatDecided = true;
    formatId = id;
    switch (id) {
      case BedrockConversationFormatter.FORMAT_ID, BedrockPromptOnlyFormatter.FORMAT_ID ->
          record.shape = RecordChecks.Shape.BEDROCK;
      case OpenAiChatFormatter.FORMAT_ID -> record.shape = RecordChecks.Shape.OPENAI;
      case BedrockRftFormatter.FORMAT_ID -> {
        record.shape = RecordChecks.Shape.OPENAI;
        record.rftRecords = true;
      }
      case PromptCompletionFormatter.FORMAT_ID ->
          record.shape = RecordChecks.Shape.PROMPT_COMPLETION;
      default -> throw new IllegalArgumentException("unknown dataset format '" + id + "'");
    }
    boolean rftMethod = settings.method() == CustomizationType.REINFORCEMENT_FINE_TUNING;
    if (rftMethod || record.rftRecords) {
      rftFormat(id, rftMethod);
    } else if (record.shape != RecordChecks.Shape.BEDROCK) {
      if (settings.formatId() == null) {
        // validated for Bedrock (no format named): a whole file in another format would be
        // refused by Bedrock, so it fails here, naming the command that converts it
        sink.add(
            file,
            0,
            null,
            FindingCode.CONVERSION_NEEDED,
            Severity.ERROR,
            "the records are in the "
                + id
                + " format, which Bedrock does not read: convert them with `finetune dataset"
                + " import --input "
                + file
                + " --output <dir>` (writes "
                + BedrockConversationFormatter.FORMAT_ID
                + " train.jsonl and validation.jsonl) and validate those");
      } else {
        sink.add(
            file,
            0,
            null,
            FindingCode.CONVERSION_NEEDED,
            Severity.WARNING,
            "the records are in the "
                + id
                + " format, which Bedrock does not read: convert them to "
                + BedrockConversationFormatter.FORMAT_ID
                + " (finetune dataset import) before uploading");
      }
    }
  }

  /** Reinforcement fine-tuning reads only {@code bedrock-rft} records, and only RFT reads them. */
  private void rftFormat(String id, boolean rftMethod) {
    if (rftMethod && !record.rftRecords) {
      sink.add(
          file,
          0,
          null,
          FindingCode.CONVERSION_NEEDED,
          Severity.ERROR,
          "the records are in the "
              + id
              + " format, but reinforcement fine-tuning reads "
              + BedrockRftFormatter.FORMAT_ID
              + " records (chat messages plus reference_answer): convert them with `finetune"
              + " dataset convert --to rft`");
    } else if (!rftMethod) {
      sink.add(
          file,
          0,
          null,
          FindingCode.CONVERSION_NEEDED,
          Severity.ERROR,
          "the records are in the "
              + id
              + " format, which only reinforcement fine-tuning reads: validate with --method"
              + " rft, or use the "
              + BedrockConversationFormatter.FORMAT_ID
              + " file for "
              + ModelRules.describe(settings.method()));
    }
  }

  /** The error count when the current record began. */
  private long recordErrorsBefore;

  private void completeRecord() {
    if (!record.rootObject) {
      return;
    }
    record.completeRecord();
    index.countMedia(file, line, record.recordImages, record.recordVideos);
    tokenHistogram.add(record.tokens());
    charHistogram.add(record.recordChars);
    turnHistogram.add(record.turns);
    if (record.hasSystem) {
      long variant = Hash64.finish(record.systemHash);
      if (!systemVariants.full()) {
        systemVariants.putIfAbsent(variant, 1);
      } else if (systemVariants.get(variant) == LongIntHashMap.ABSENT) {
        systemVariantsCapped = true;
      }
    } else {
      recordsWithoutSystem++;
    }
    String style = record.resolvedStyle();
    String complexity = record.resolvedComplexity();
    if (style != null || complexity != null) {
      countStyle(
          style == null ? RecordChecks.NONE : style,
          complexity == null ? RecordChecks.NONE : complexity);
    }
    // a record already in error is reported once, for its error, not also as a duplicate
    if (sink.errors() == recordErrorsBefore) {
      checkDuplicate(record.contentHash());
    }
  }

  private void checkDuplicate(long hash) {
    int lineNo = (int) Math.min(line, Integer.MAX_VALUE);
    if (side == Side.VALIDATION) {
      int trainingLine = index.training.get(hash);
      if (trainingLine != LongIntHashMap.ABSENT) {
        overlaps++;
        warn(
            FindingCode.TRAIN_VALIDATION_OVERLAP,
            null,
            "the same record is in the training file at line "
                + trainingLine
                + ": remove it from one side, or the validation loss will look better than the"
                + " model is");
      }
    }
    LongIntHashMap seen = side == Side.TRAINING ? index.training : index.validation;
    int earlier = index.full() ? seen.get(hash) : seen.putIfAbsent(hash, lineNo);
    if (earlier != LongIntHashMap.ABSENT) {
      duplicates++;
      warn(
          FindingCode.DUPLICATE_RECORD,
          null,
          "the same record as line "
              + earlier
              + ": duplicates weigh it twice in training; remove"
              + " one");
    }
    if (index.reportLimitOnce()) {
      sink.add(
          file,
          line,
          null,
          FindingCode.DUPLICATE_CHECK_LIMITED,
          Severity.WARNING,
          "more than "
              + index.maxRecords()
              + " records: later records are compared with the first ones, but not with each"
              + " other");
    }
  }

  private void countStyle(String s, String c) {
    Map<String, long[]> byComplexity = styleComplexity.get(s);
    long[] count = byComplexity == null ? null : byComplexity.get(c);
    if (count == null) {
      if (stylePairs >= MAX_STYLE_PAIRS) {
        s = "(other)";
        c = "(other)";
      } else {
        stylePairs++;
      }
      count =
          styleComplexity
              .computeIfAbsent(s, k -> new HashMap<>())
              .computeIfAbsent(c, k -> new long[1]);
    }
    count[0]++;
  }

  private void fileError(FindingCode code, String message) {
    sink.add(file, 0, null, code, Severity.ERROR, message);
  }

  private DatasetStatistics statistics(long bytes) {
    Map<String, Map<String, Long>> styles = new HashMap<>();
    styleComplexity.forEach(
        (s, byComplexity) -> {
          Map<String, Long> counts = new HashMap<>();
          byComplexity.forEach((c, n) -> counts.put(c, n[0]));
          styles.put(s, counts);
        });
    return new DatasetStatistics(
        file,
        formatId,
        bytes,
        lines,
        records,
        blankLines,
        recordsWithErrors,
        Distribution.of(tokenHistogram),
        Distribution.of(charHistogram),
        Distribution.of(turnHistogram),
        systemVariants.size(),
        systemVariantsCapped,
        recordsWithoutSystem,
        styles,
        duplicates,
        overlaps,
        Histogram.of(tokenHistogram, Histogram.DEFAULT_MAX_BINS));
  }

  private void error(FindingCode code, String path, String message) {
    sink.add(file, line, path, code, Severity.ERROR, message);
  }

  private void warn(FindingCode code, String path, String message) {
    sink.add(file, line, path, code, Severity.WARNING, message);
  }
}
