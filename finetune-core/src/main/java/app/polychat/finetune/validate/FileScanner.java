package app.polychat.finetune.validate;

import app.polychat.finetune.format.BedrockConversationFormatter;
import app.polychat.finetune.format.BedrockPromptOnlyFormatter;
import app.polychat.finetune.format.DatasetFormatException;
import app.polychat.finetune.format.DatasetFormats;
import app.polychat.finetune.format.OpenAiChatFormatter;
import app.polychat.finetune.format.PromptCompletionFormatter;
import app.polychat.finetune.internal.Json;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.validate.internal.ByteLineReader;
import app.polychat.finetune.validate.internal.Hash64;
import app.polychat.finetune.validate.internal.IntHistogram;
import app.polychat.finetune.validate.internal.LongIntHashMap;
import app.polychat.finetune.validate.internal.Utf8;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
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
 * Scans one dataset file line by line: walks each record with Jackson's streaming parser (no tree,
 * no copies of the text beyond Jackson's own buffer), reports findings as it goes and keeps
 * statistics in fixed-size structures. One instance per file and run; not thread-safe.
 */
final class FileScanner implements ByteLineReader.Handler {
  enum Side {
    TRAINING,
    VALIDATION
  }

  private enum Walker {
    BEDROCK,
    OPENAI,
    PROMPT_COMPLETION
  }

  /** Where a text sits in a record, to name its JSON path only when something is reported. */
  private enum Site {
    BEDROCK_SYSTEM,
    BEDROCK_TEXT,
    BEDROCK_REASONING,
    OPENAI_STRING,
    OPENAI_PART,
    PROMPT,
    COMPLETION,
    PLAIN_SYSTEM;

    String path(int message, int block) {
      return switch (this) {
        case BEDROCK_SYSTEM -> "$.system[" + block + "].text";
        case BEDROCK_TEXT -> "$.messages[" + message + "].content[" + block + "].text";
        case BEDROCK_REASONING ->
            "$.messages["
                + message
                + "].content["
                + block
                + "].reasoningContent.reasoningText.text";
        case OPENAI_STRING -> "$.messages[" + message + "].content";
        case OPENAI_PART -> "$.messages[" + message + "].content[" + block + "].text";
        case PROMPT -> "$.prompt";
        case COMPLETION -> "$.completion";
        case PLAIN_SYSTEM -> "$.system";
      };
    }
  }

  private static final int UNKNOWN = 0;
  private static final int USER = 1;
  private static final int ASSISTANT = 2;
  private static final int SYSTEM = 3;
  private static final int INVALID = -1;

  private static final int MAX_STYLE_PAIRS = 1_000;
  private static final int MAX_SYSTEM_VARIANTS = 10_000;
  private static final String NONE = "(none)";
  private static final int MAX_DETECTION_ATTEMPTS = 100;

  private final ScanSettings settings;
  private final FindingSink sink;
  private final Side side;
  private final RecordIndex index;
  private final String file;
  private final String sideName;
  private final JsonFactory factory = Json.mapper().getFactory();
  private final boolean promptOnly;

  private Walker walker = Walker.BEDROCK;
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
  private long records;
  private long blankLines;
  private long recordsWithErrors;
  private long recordsWithoutSystem;
  private long duplicates;
  private long overlaps;

  // the record being read
  private long line;
  private boolean rootObject;
  private boolean messagesSeen;
  private long recordHash;
  private long systemHash;
  private boolean hasSystem;
  private int recordTokens;
  private int recordChars;
  private int turns;
  private int lastRole;
  private int lastMessageIndex;
  private boolean roleOrderReported;
  private String style;
  private String complexity;
  private boolean metadataTags;

  // the message being read
  private int msgRole;
  private long msgHash;
  private boolean msgContentSeen;
  private int msgBlocks;
  private int msgTexts;
  private int msgBlank;
  private int msgFirstBlank;
  private Site msgFirstBlankSite;
  private int msgImages;
  private int msgVideos;
  private int msgDocuments;
  private int msgReasoning;
  private int msgToolUse;
  private int msgToolResult;
  private int pending;
  private Site[] pendingSite = new Site[4];
  private int[] pendingBlock = new int[4];
  private int[] pendingMask = new int[4];
  private String pendingStyle;
  private String pendingComplexity;

  FileScanner(ScanSettings settings, FindingSink sink, Side side, RecordIndex index, Path path) {
    this.settings = settings;
    this.sink = sink;
    this.side = side;
    this.index = index;
    this.file = path.toString();
    this.sideName = side == Side.TRAINING ? "training" : "validation";
    this.promptOnly = BedrockPromptOnlyFormatter.FORMAT_ID.equals(settings.formatId());
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

  // ---------------------------------------------------------------------------------------------
  // lines

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
      warn(
          FindingCode.BLANK_LINE,
          null,
          "blank line: remove it (some readers, AWS's checker among them, fail on it)");
      return;
    }
    records++;
    long errorsBefore = sink.errors();
    if (!formatDecided && detectionAttempts++ < MAX_DETECTION_ATTEMPTS) {
      detectFormat(bytes, offset, length);
    }
    beginRecord();
    try (JsonParser p = factory.createParser(bytes, offset, length)) {
      switch (walker) {
        case BEDROCK -> bedrock(p);
        case OPENAI -> openAi(p);
        case PROMPT_COMPLETION -> promptCompletion(p);
      }
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
          walker = Walker.BEDROCK;
      case OpenAiChatFormatter.FORMAT_ID -> walker = Walker.OPENAI;
      case PromptCompletionFormatter.FORMAT_ID -> walker = Walker.PROMPT_COMPLETION;
      default -> throw new IllegalArgumentException("unknown dataset format '" + id + "'");
    }
    if (walker != Walker.BEDROCK) {
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
              + " (the toolkit's formatters do it) before uploading");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // records

  private void beginRecord() {
    rootObject = false;
    messagesSeen = false;
    recordHash = Hash64.start();
    systemHash = Hash64.start();
    hasSystem = false;
    recordTokens = 0;
    recordChars = 0;
    turns = 0;
    lastRole = UNKNOWN;
    lastMessageIndex = -1;
    roleOrderReported = false;
    style = null;
    complexity = null;
    metadataTags = false;
  }

  private void completeRecord() {
    if (!rootObject) {
      return;
    }
    if (messagesSeen) {
      checkEnding();
    }
    int overhead = settings.estimator().perTurnOverhead() * (turns + (hasSystem ? 1 : 0));
    int tokens = recordTokens + overhead;
    if (tokens > settings.model().contextTokens()) {
      error(
          FindingCode.TOO_MANY_TOKENS,
          "$",
          String.format(
              Locale.ROOT,
              "about %,d tokens (estimated) exceed %s's context of %,d tokens: shorten the"
                  + " system prompt or the turns, or split the conversation",
              tokens,
              settings.model().displayName(),
              settings.model().contextTokens()));
    }
    tokenHistogram.add(tokens);
    charHistogram.add(recordChars);
    turnHistogram.add(turns);
    if (hasSystem) {
      long variant = Hash64.finish(systemHash);
      if (!systemVariants.full()) {
        systemVariants.putIfAbsent(variant, 1);
      } else if (systemVariants.get(variant) == LongIntHashMap.ABSENT) {
        systemVariantsCapped = true;
      }
    } else {
      recordsWithoutSystem++;
    }
    if (style != null || complexity != null) {
      countStyle(style == null ? NONE : style, complexity == null ? NONE : complexity);
    }
    checkDuplicate(Hash64.finish(Hash64.mix(recordHash, hasSystem ? systemHash : 0)));
  }

  private void checkEnding() {
    if (roleOrderReported) {
      return;
    }
    boolean fineTuning = settings.method() == CustomizationType.FINE_TUNING;
    if (turns == 0) {
      error(
          FindingCode.ROLE_ORDER,
          walker == Walker.PROMPT_COMPLETION ? "$" : "$.messages",
          "the record has no user or assistant turn: add the user's turn"
              + (fineTuning ? " and the assistant's answer" : ""));
      return;
    }
    if (lastRole != USER && lastRole != ASSISTANT) {
      return; // an invalid or missing role, reported already
    }
    String path = lastRolePath();
    if (promptOnly && lastRole != USER) {
      error(
          FindingCode.ROLE_ORDER,
          path,
          "a prompt-only record ends with the user's turn: remove the answer, or validate the"
              + " file as "
              + BedrockConversationFormatter.FORMAT_ID);
    } else if (!promptOnly && fineTuning && lastRole != ASSISTANT) {
      error(
          FindingCode.ROLE_ORDER,
          path,
          "the record ends with a user turn: fine-tuning needs the assistant's answer as the last"
              + " turn (records without answers are for distillation)");
    }
  }

  private String lastRolePath() {
    return switch (walker) {
      case PROMPT_COMPLETION -> lastRole == USER ? "$.completion" : "$";
      default -> "$.messages[" + lastMessageIndex + "].role";
    };
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

  // ---------------------------------------------------------------------------------------------
  // bedrock-conversation-2024 and bedrock-prompt-only

  private void bedrock(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.START_OBJECT) {
      wrongRoot(p, t);
      return;
    }
    rootObject = true;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      t = p.nextToken();
      switch (name) {
        case "schemaVersion" -> schemaVersion(p, t);
        case "system" -> bedrockSystem(p, t);
        case "messages" -> bedrockMessages(p, t);
        case "toolConfig" -> toolConfig(p);
        case "metadata" -> metadata(p, t);
        default -> unknownField(p, "$", name);
      }
    }
    if (!messagesSeen) {
      error(
          FindingCode.MISSING_FIELD,
          "$.messages",
          "no \"messages\": add \"messages\": [{\"role\": \"user\", \"content\": [{\"text\":"
              + " ...}]}, {\"role\": \"assistant\", ...}]");
    }
  }

  private void schemaVersion(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      wrongType(p, t, "$.schemaVersion", "the string \"" + BedrockRules.SCHEMA_VERSION + "\"");
      return;
    }
    if (!BedrockRules.SCHEMA_VERSION.equals(p.getText())) {
      warn(
          FindingCode.SCHEMA_VERSION,
          "$.schemaVersion",
          "schemaVersion is \""
              + p.getText()
              + "\": Nova's format is \""
              + BedrockRules.SCHEMA_VERSION
              + "\"");
    }
  }

  private void bedrockSystem(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.START_ARRAY) {
      wrongType(p, t, "$.system", "an array of {\"text\": \"...\"} blocks");
      return;
    }
    int i = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      String path = "$.system[" + i + "]";
      if (t != JsonToken.START_OBJECT) {
        wrongType(p, t, path, "an object {\"text\": \"...\"}");
        i++;
        continue;
      }
      boolean text = false;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        t = p.nextToken();
        if ("text".equals(name)) {
          text = true;
          if (t == JsonToken.VALUE_STRING) {
            systemText(
                p.getTextCharacters(),
                p.getTextOffset(),
                p.getTextLength(),
                Site.BEDROCK_SYSTEM,
                i);
          } else {
            wrongType(p, t, path + ".text", "a string");
          }
        } else {
          unknownField(p, path, name);
        }
      }
      if (!text) {
        error(FindingCode.MISSING_FIELD, path + ".text", "a system block needs \"text\"");
      }
      i++;
    }
  }

  private void bedrockMessages(JsonParser p, JsonToken t) throws IOException {
    messagesSeen = true;
    if (t != JsonToken.START_ARRAY) {
      wrongType(p, t, "$.messages", "an array of {\"role\", \"content\"} objects");
      roleOrderReported = true; // nothing to say about turns
      return;
    }
    int i = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      bedrockMessage(p, t, i++);
    }
  }

  private void bedrockMessage(JsonParser p, JsonToken t, int i) throws IOException {
    String path = "$.messages[" + i + "]";
    beginMessage();
    if (t != JsonToken.START_OBJECT) {
      wrongType(p, t, path, "an object {\"role\", \"content\"}");
      msgRole = INVALID;
      endMessage(i, turns);
      return;
    }
    boolean roleSeen = false;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      t = p.nextToken();
      switch (name) {
        case "role" -> {
          roleSeen = true;
          role(p, t, path, false);
        }
        case "content" -> bedrockContent(p, t, i);
        default -> unknownField(p, path, name);
      }
    }
    if (!roleSeen) {
      msgRole = INVALID;
      error(
          FindingCode.MISSING_FIELD,
          path + ".role",
          "no \"role\": add \"role\": \"user\" or \"assistant\"");
    }
    if (!msgContentSeen) {
      error(
          FindingCode.MISSING_FIELD,
          path + ".content",
          "no \"content\": add \"content\": [{\"text\": \"...\"}]");
    }
    endMessage(i, turns);
  }

  private void bedrockContent(JsonParser p, JsonToken t, int i) throws IOException {
    msgContentSeen = true;
    String path = "$.messages[" + i + "].content";
    if (t != JsonToken.START_ARRAY) {
      wrongType(p, t, path, "an array of {\"text\": \"...\"} blocks");
      msgBlocks = -1;
      return;
    }
    int j = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      bedrockBlock(p, t, i, j++);
    }
  }

  private void bedrockBlock(JsonParser p, JsonToken t, int i, int j) throws IOException {
    String path = "$.messages[" + i + "].content[" + j + "]";
    msgBlocks++;
    if (t != JsonToken.START_OBJECT) {
      wrongType(p, t, path, "an object such as {\"text\": \"...\"}");
      return;
    }
    int kinds = 0;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      t = p.nextToken();
      kinds++;
      switch (name) {
        case "text" -> {
          if (t == JsonToken.VALUE_STRING) {
            messageText(
                p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), Site.BEDROCK_TEXT, j);
          } else {
            wrongType(p, t, path + ".text", "a string");
          }
        }
        case "image" -> {
          msgImages++;
          hashSubtree(p, 11);
        }
        case "video" -> {
          msgVideos++;
          hashSubtree(p, 12);
        }
        case "document" -> {
          msgDocuments++;
          hashSubtree(p, 13);
        }
        case "toolUse" -> {
          msgToolUse++;
          hashSubtree(p, 14);
        }
        case "toolResult" -> {
          msgToolResult++;
          hashSubtree(p, 15);
        }
        case "reasoningContent" -> reasoning(p, t, path, j);
        default -> {
          kinds--;
          unknownField(p, path, name);
        }
      }
    }
    if (kinds == 0) {
      error(
          FindingCode.MISSING_FIELD,
          path + ".text",
          "the content block holds nothing Bedrock reads: give it \"text\" (or image, video,"
              + " document, reasoningContent, toolUse, toolResult)");
    }
  }

  private void reasoning(JsonParser p, JsonToken t, String blockPath, int j) throws IOException {
    msgReasoning++;
    String path = blockPath + ".reasoningContent";
    if (t != JsonToken.START_OBJECT) {
      wrongType(p, t, path, "an object {\"reasoningText\": {\"text\": \"...\"}}");
      return;
    }
    boolean text = false;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      t = p.nextToken();
      if (!"reasoningText".equals(name)) {
        unknownField(p, path, name);
        continue;
      }
      if (t != JsonToken.START_OBJECT) {
        wrongType(p, t, path + ".reasoningText", "an object {\"text\": \"...\"}");
        continue;
      }
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String inner = p.currentName();
        t = p.nextToken();
        if ("text".equals(inner) && t == JsonToken.VALUE_STRING) {
          text = true;
          messageText(
              p.getTextCharacters(),
              p.getTextOffset(),
              p.getTextLength(),
              Site.BEDROCK_REASONING,
              j);
        } else if ("text".equals(inner)) {
          wrongType(p, t, path + ".reasoningText.text", "a string");
          text = true;
        } else {
          unknownField(p, path + ".reasoningText", inner);
        }
      }
    }
    if (!text) {
      error(
          FindingCode.MISSING_FIELD,
          path + ".reasoningText.text",
          "reasoningContent needs {\"reasoningText\": {\"text\": \"...\"}}");
    }
  }

  private void toolConfig(JsonParser p) throws IOException {
    hashSubtree(p, 16);
    if (!settings.model().toolUseSupported()) {
      error(
          FindingCode.UNSUPPORTED_CONTENT,
          "$.toolConfig",
          settings.model().displayName() + " does not train on tool use: remove toolConfig");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // openai-chat

  private void openAi(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.START_OBJECT) {
      wrongRoot(p, t);
      return;
    }
    rootObject = true;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      t = p.nextToken();
      switch (name) {
        case "messages" -> openAiMessages(p, t);
        case "metadata" -> metadata(p, t);
        default -> unknownField(p, "$", name);
      }
    }
    if (!messagesSeen) {
      error(
          FindingCode.MISSING_FIELD,
          "$.messages",
          "no \"messages\": add \"messages\": [{\"role\": \"user\", \"content\": \"...\"},"
              + " {\"role\": \"assistant\", \"content\": \"...\"}]");
    }
  }

  private void openAiMessages(JsonParser p, JsonToken t) throws IOException {
    messagesSeen = true;
    if (t != JsonToken.START_ARRAY) {
      wrongType(p, t, "$.messages", "an array of {\"role\", \"content\"} objects");
      roleOrderReported = true;
      return;
    }
    int i = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      String path = "$.messages[" + i + "]";
      beginMessage();
      if (t != JsonToken.START_OBJECT) {
        wrongType(p, t, path, "an object {\"role\", \"content\"}");
        msgRole = INVALID;
        endMessage(i++, turns);
        continue;
      }
      boolean roleSeen = false;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        t = p.nextToken();
        switch (name) {
          case "role" -> {
            roleSeen = true;
            role(p, t, path, true);
          }
          case "content" -> openAiContent(p, t, i);
          default -> unknownField(p, path, name);
        }
      }
      if (!roleSeen) {
        msgRole = INVALID;
        error(
            FindingCode.MISSING_FIELD,
            path + ".role",
            "no \"role\": add \"role\": \"system\", \"user\" or \"assistant\"");
      }
      if (!msgContentSeen) {
        error(FindingCode.MISSING_FIELD, path + ".content", "no \"content\": add the message text");
      }
      endMessage(i++, turns);
    }
  }

  private void openAiContent(JsonParser p, JsonToken t, int i) throws IOException {
    msgContentSeen = true;
    String path = "$.messages[" + i + "].content";
    if (t == JsonToken.VALUE_STRING) {
      msgBlocks++;
      messageText(
          p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), Site.OPENAI_STRING, -1);
      return;
    }
    if (t == JsonToken.VALUE_NULL) {
      msgBlocks = -2;
      return;
    }
    if (t != JsonToken.START_ARRAY) {
      wrongType(p, t, path, "a string or an array of {\"type\": \"text\", \"text\": ...} parts");
      msgBlocks = -1;
      return;
    }
    int j = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      msgBlocks++;
      String partPath = path + "[" + j + "]";
      if (t != JsonToken.START_OBJECT) {
        wrongType(p, t, partPath, "an object {\"type\": \"text\", \"text\": \"...\"}");
        j++;
        continue;
      }
      String type = null;
      boolean text = false;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        t = p.nextToken();
        if ("type".equals(name) && t == JsonToken.VALUE_STRING) {
          type = p.getText();
        } else if ("text".equals(name) && t == JsonToken.VALUE_STRING) {
          text = true;
          messageText(
              p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), Site.OPENAI_PART, j);
        } else if ("text".equals(name) || "type".equals(name)) {
          wrongType(p, t, partPath + "." + name, "a string");
        } else {
          hashSubtree(p, 17);
          if (!"image_url".equals(name) && !"input_audio".equals(name) && !"file".equals(name)) {
            unknownField(p, partPath, name);
          }
        }
      }
      if (type != null && !"text".equals(type)) {
        error(
            FindingCode.UNSUPPORTED_CONTENT,
            partPath + ".type",
            "a \"" + type + "\" part: only text parts can be converted for Nova; remove it");
      } else if (!text) {
        error(FindingCode.MISSING_FIELD, partPath + ".text", "a text part needs \"text\"");
      }
      j++;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // prompt-completion (small records: read as a tree, so field order does not matter)

  private void promptCompletion(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.START_OBJECT) {
      wrongRoot(p, t);
      return;
    }
    rootObject = true;
    messagesSeen = true;
    JsonNode root = Json.mapper().readTree(p);
    JsonNode system = root.get("system");
    if (system != null && !system.isNull()) {
      if (system.isTextual()) {
        char[] text = system.textValue().toCharArray();
        systemText(text, 0, text.length, Site.PLAIN_SYSTEM, 0);
      } else {
        error(FindingCode.WRONG_TYPE, "$.system", "\"system\" must be a string");
      }
    }
    plainTurn(root, "prompt", USER, Site.PROMPT, 0);
    plainTurn(root, "completion", ASSISTANT, Site.COMPLETION, 1);
    root.fieldNames()
        .forEachRemaining(
            name -> {
              if (name.equals("metadata")) {
                metadataNode(root.get(name));
              }
              if (!name.equals("prompt") && !name.equals("completion") && !name.equals("system")) {
                unknownFieldWarning("$", name);
              }
            });
  }

  private void plainTurn(JsonNode root, String field, int role, Site site, int index) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      boolean needed = role == USER || settings.method() == CustomizationType.FINE_TUNING;
      if (needed) {
        error(FindingCode.MISSING_FIELD, "$." + field, "no \"" + field + "\": add it as a string");
        roleOrderReported = true;
      }
      return;
    }
    if (!node.isTextual()) {
      error(FindingCode.WRONG_TYPE, "$." + field, "\"" + field + "\" must be a string");
      roleOrderReported = true;
      return;
    }
    beginMessage();
    msgRole = role;
    msgContentSeen = true;
    msgBlocks = 1;
    char[] text = node.textValue().toCharArray();
    messageText(text, 0, text.length, site, -1);
    endMessage(index, turns);
  }

  // ---------------------------------------------------------------------------------------------
  // shared pieces

  private void role(JsonParser p, JsonToken t, String path, boolean systemAllowed)
      throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      wrongType(p, t, path + ".role", "\"user\" or \"assistant\"");
      msgRole = INVALID;
      return;
    }
    String role = p.getText();
    switch (role) {
      case "user" -> msgRole = USER;
      case "assistant" -> msgRole = ASSISTANT;
      case "system" -> {
        if (systemAllowed) {
          msgRole = SYSTEM;
        } else {
          msgRole = INVALID;
          error(
              FindingCode.INVALID_ROLE,
              path + ".role",
              "role \"system\" inside messages: move the system prompt to the top-level"
                  + " \"system\": [{\"text\": ...}]");
        }
      }
      default -> {
        msgRole = INVALID;
        String lower = role.toLowerCase(Locale.ROOT);
        String hint =
            lower.equals("user") || lower.equals("assistant")
                ? "write it in lower case: \"" + lower + "\""
                : "use \"user\" or \"assistant\""
                    + (systemAllowed ? " (or \"system\" first)" : "")
                    + "; Nova trains on no other roles";
        error(FindingCode.INVALID_ROLE, path + ".role", "role \"" + role + "\": " + hint);
      }
    }
  }

  private void systemText(char[] text, int offset, int length, Site site, int block) {
    hasSystem = true;
    recordChars += length;
    recordTokens += settings.estimator().estimate(text, offset, length);
    systemHash = Hash64.chars(Hash64.mix(systemHash, block), text, offset, length);
    String path = site.path(0, block);
    if (isBlank(text, offset, length)) {
      warn(
          FindingCode.EMPTY_TEXT, path, "the system prompt is empty: write it or remove the block");
    }
    int mask = settings.keywords().find(text, offset, length);
    if (mask != 0) {
      reservedKeywords(path, mask, Severity.ERROR, "system");
    }
    if (!metadataTags) {
      scanTags(text, offset, length, false);
    }
  }

  private void beginMessage() {
    msgRole = UNKNOWN;
    msgHash = Hash64.start();
    msgContentSeen = false;
    msgBlocks = 0;
    msgTexts = 0;
    msgBlank = 0;
    msgFirstBlank = -1;
    msgFirstBlankSite = null;
    msgImages = 0;
    msgVideos = 0;
    msgDocuments = 0;
    msgReasoning = 0;
    msgToolUse = 0;
    msgToolResult = 0;
    pending = 0;
    pendingStyle = null;
    pendingComplexity = null;
  }

  private void messageText(char[] text, int offset, int length, Site site, int block) {
    msgTexts++;
    recordChars += length;
    recordTokens += settings.estimator().estimate(text, offset, length);
    msgHash = Hash64.chars(Hash64.mix(msgHash, block + site.ordinal() * 31L), text, offset, length);
    if (isBlank(text, offset, length)) {
      msgBlank++;
      if (msgFirstBlank < 0 && msgFirstBlankSite == null) {
        msgFirstBlank = block;
        msgFirstBlankSite = site;
      }
    }
    int mask = settings.keywords().find(text, offset, length);
    if (mask != 0) {
      if (pending == pendingSite.length) {
        pendingSite = java.util.Arrays.copyOf(pendingSite, pending * 2);
        pendingBlock = java.util.Arrays.copyOf(pendingBlock, pending * 2);
        pendingMask = java.util.Arrays.copyOf(pendingMask, pending * 2);
      }
      pendingSite[pending] = site;
      pendingBlock[pending] = block;
      pendingMask[pending] = mask;
      pending++;
    }
    if ((msgRole == UNKNOWN || msgRole == SYSTEM) && walker == Walker.OPENAI) {
      scanTags(text, offset, length, true);
    }
  }

  /** Closes a message: role order, reserved keywords by role, empty text, content rules. */
  private void endMessage(int i, int turnIndex) {
    String path = walker == Walker.PROMPT_COMPLETION ? null : "$.messages[" + i + "]";
    if (msgRole == SYSTEM) {
      endSystemMessage(i, path);
      return;
    }
    turns++;
    lastMessageIndex = i;
    lastRole = msgRole;
    recordHash = Hash64.mix(Hash64.mix(recordHash, msgRole), msgHash);
    if ((msgRole == USER || msgRole == ASSISTANT) && !roleOrderReported) {
      int expected = turnIndex % 2 == 0 ? USER : ASSISTANT;
      if (msgRole != expected) {
        roleOrderReported = true;
        String rolePath =
            path == null ? (msgRole == USER ? "$.prompt" : "$.completion") : path + ".role";
        error(
            FindingCode.ROLE_ORDER,
            rolePath,
            (turnIndex == 0
                    ? "the first turn is \"assistant\": a record starts with the user's turn"
                    : "turn "
                        + (turnIndex + 1)
                        + " is \""
                        + roleName(msgRole)
                        + "\" but \""
                        + roleName(expected)
                        + "\" was expected")
                + "; turns alternate user, assistant, user, ...");
      }
    }
    Severity keywordSeverity = msgRole == ASSISTANT ? Severity.WARNING : Severity.ERROR;
    for (int k = 0; k < pending; k++) {
      reservedKeywords(
          pendingSite[k].path(i, pendingBlock[k]),
          pendingMask[k],
          keywordSeverity,
          msgRole == ASSISTANT ? "assistant" : msgRole == USER ? "user" : "message");
    }
    checkEmpty(i, path);
    checkContentRules(path);
  }

  private void endSystemMessage(int i, String path) {
    if (turns > 0) {
      error(
          FindingCode.ROLE_ORDER,
          path + ".role",
          "a system message after the conversation started: put system messages first");
      roleOrderReported = true;
    }
    hasSystem = true;
    systemHash = Hash64.mix(systemHash, msgHash);
    for (int k = 0; k < pending; k++) {
      reservedKeywords(
          pendingSite[k].path(i, pendingBlock[k]), pendingMask[k], Severity.ERROR, "system");
    }
    if (msgTexts > 0 && msgBlank == msgTexts) {
      warn(
          FindingCode.EMPTY_TEXT,
          path + ".content",
          "the system prompt is empty: write it or remove the message");
    }
    if (!metadataTags) {
      if (pendingStyle != null) {
        style = pendingStyle;
      }
      if (pendingComplexity != null) {
        complexity = pendingComplexity;
      }
    }
  }

  private void checkEmpty(int i, String path) {
    int media = msgImages + msgVideos + msgDocuments + msgToolUse + msgToolResult;
    String who = msgRole == ASSISTANT ? "the assistant's" : msgRole == USER ? "the user's" : "the";
    if (msgBlocks == 0 && msgContentSeen) {
      error(
          FindingCode.EMPTY_TEXT,
          path + ".content",
          "the content is empty: give the turn at least one {\"text\": \"...\"} block");
    } else if (msgBlocks == -2) {
      error(
          FindingCode.EMPTY_TEXT, path + ".content", "the content is null: write " + who + " text");
    } else if (msgTexts > 0 && msgBlank == msgTexts && media == 0 && msgReasoning == 0) {
      String at =
          msgFirstBlankSite == null ? path + ".content" : msgFirstBlankSite.path(i, msgFirstBlank);
      error(
          FindingCode.EMPTY_TEXT,
          at,
          who + " text is empty or only whitespace: write it, or remove the record");
    } else if (msgBlank > 0 && msgFirstBlankSite != null) {
      warn(
          FindingCode.EMPTY_TEXT,
          msgFirstBlankSite.path(i, msgFirstBlank),
          "an empty text block beside other content: remove it");
    }
  }

  private void checkContentRules(String path) {
    ModelRules model = settings.model();
    int media = msgImages + msgVideos + msgDocuments;
    String content = path == null ? "$" : path + ".content";
    if (media > 0) {
      if (msgRole == ASSISTANT) {
        unsupported(content, "images, videos and documents may only appear in user turns");
      } else if (!model.mediaSupported()) {
        unsupported(
            content,
            model.displayName() + " trains on text only: remove the image, video or document");
      } else if (settings.method() == CustomizationType.DISTILLATION) {
        unsupported(content, "distillation takes text only: remove the image, video or document");
      }
      if (msgImages > BedrockRules.MAX_IMAGES_PER_MESSAGE) {
        unsupported(
            content,
            msgImages + " images: at most " + BedrockRules.MAX_IMAGES_PER_MESSAGE + " per turn");
      }
      if (msgVideos > BedrockRules.MAX_VIDEOS_PER_MESSAGE) {
        unsupported(
            content,
            msgVideos + " videos: at most " + BedrockRules.MAX_VIDEOS_PER_MESSAGE + " per turn");
      }
      if (msgVideos > 0 && (msgImages > 0 || msgDocuments > 0)) {
        unsupported(content, "a video cannot be mixed with images or documents in one turn");
      }
    }
    if (msgReasoning > 0) {
      if (!model.reasoningSupported()) {
        unsupported(
            content,
            "reasoningContent is only accepted by Nova 2 Lite, not " + model.displayName());
      } else if (msgRole != ASSISTANT) {
        unsupported(content, "reasoningContent may only appear in assistant turns");
      }
    }
    if (msgToolUse + msgToolResult > 0) {
      if (!model.toolUseSupported()) {
        unsupported(
            content,
            model.displayName() + " does not train on tool use: remove toolUse/toolResult");
      } else if (msgToolUse > 0 && msgRole == USER) {
        unsupported(content, "toolUse may only appear in assistant turns");
      } else if (msgToolResult > 0 && msgRole == ASSISTANT) {
        unsupported(content, "toolResult may only appear in user turns");
      }
    }
  }

  private void unsupported(String path, String message) {
    error(FindingCode.UNSUPPORTED_CONTENT, path, message);
  }

  private void reservedKeywords(String path, int mask, Severity severity, String where) {
    String found = settings.keywords().describe(mask);
    String plural = Integer.bitCount(mask) > 1 ? "keywords " : "keyword ";
    if (severity == Severity.ERROR) {
      error(
          FindingCode.RESERVED_KEYWORD,
          path,
          "the "
              + where
              + " text contains Nova's reserved "
              + plural
              + found
              + ": Bedrock fails the job on these; rephrase (e.g. \"user said\" instead of"
              + " \"User:\")");
    } else {
      warn(
          FindingCode.RESERVED_KEYWORD,
          path,
          "the assistant text contains Nova's reserved "
              + plural
              + found
              + ": the model would learn to write it, which can break its chat template; rephrase");
    }
  }

  private void metadata(JsonParser p, JsonToken t) throws IOException {
    unknownFieldWarning("$", "metadata");
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    metadataNode(Json.mapper().readTree(p));
  }

  private void metadataNode(JsonNode node) {
    if (node == null || !node.isObject()) {
      return;
    }
    JsonNode s = node.get("style");
    JsonNode c = node.get("complexity");
    if ((s != null && s.isTextual()) || (c != null && c.isTextual())) {
      metadataTags = true;
      style = s != null && s.isTextual() ? normalizeTag(s.textValue()) : null;
      complexity = c != null && c.isTextual() ? normalizeTag(c.textValue()) : null;
    }
  }

  /** Reads {@code STYLE: x} and {@code COMPLEXITY: y} lines (any case, markdown allowed). */
  private void scanTags(char[] text, int offset, int length, boolean toPending) {
    int end = offset + length;
    int i = offset;
    while (i < end) {
      int lineEnd = i;
      while (lineEnd < end && text[lineEnd] != '\n') {
        lineEnd++;
      }
      int s = i;
      while (s < lineEnd
          && (text[s] == ' '
              || text[s] == '\t'
              || text[s] == '#'
              || text[s] == '*'
              || text[s] == '-'
              || text[s] == '>'
              || text[s] == '_')) {
        s++;
      }
      if (startsWithIgnoreCase(text, s, lineEnd, "style:")) {
        String value = tagValue(text, s + 6, lineEnd);
        if (toPending) {
          pendingStyle = value;
        } else {
          style = value;
        }
      } else if (startsWithIgnoreCase(text, s, lineEnd, "complexity:")) {
        String value = tagValue(text, s + 11, lineEnd);
        if (toPending) {
          pendingComplexity = value;
        } else {
          complexity = value;
        }
      }
      i = lineEnd + 1;
    }
  }

  private static boolean startsWithIgnoreCase(char[] text, int from, int end, String prefix) {
    if (end - from < prefix.length()) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      char c = text[from + k];
      char lower = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
      if (lower != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static String tagValue(char[] text, int from, int end) {
    String value = new String(text, from, end - from);
    return normalizeTag(value);
  }

  private static String normalizeTag(String raw) {
    String value = raw.strip();
    int a = 0;
    int b = value.length();
    while (a < b && (value.charAt(a) == '*' || value.charAt(a) == '_')) {
      a++;
    }
    while (b > a
        && (value.charAt(b - 1) == '*'
            || value.charAt(b - 1) == '_'
            || value.charAt(b - 1) == '.')) {
      b--;
    }
    value = value.substring(a, b).strip().toLowerCase(Locale.ROOT);
    if (value.length() > 64) {
      value = value.substring(0, 64);
    }
    return value.isEmpty() ? NONE : value;
  }

  /** Skips a value, folding its tokens into the message hash so different images differ. */
  private void hashSubtree(JsonParser p, int tag) throws IOException {
    long h = Hash64.mix(msgHash, tag);
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      int depth = 0;
      do {
        h = Hash64.mix(h, t.ordinal());
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          depth++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
        } else {
          h = Hash64.string(h, p.getText());
        }
        if (depth == 0) {
          break;
        }
        t = p.nextToken();
      } while (t != null);
    } else if (t != null && t.isScalarValue()) {
      h = Hash64.string(h, p.getText());
    }
    msgHash = h;
  }

  private void unknownField(JsonParser p, String parent, String name) throws IOException {
    unknownFieldWarning(parent, name);
    p.skipChildren();
  }

  private void unknownFieldWarning(String parent, String name) {
    String hint =
        "metadata".equals(name)
            ? "the toolkit reads its style/complexity for statistics, but Bedrock's format has no"
                + " such field: leave it out of the uploaded file"
            : "the format has no such field: remove it (Bedrock ignores it at best)";
    warn(
        FindingCode.UNKNOWN_FIELD,
        fieldPath(parent, name),
        "unknown field \"" + name + "\": " + hint);
  }

  private static String fieldPath(String parent, String name) {
    boolean simple = !name.isEmpty() && Character.isJavaIdentifierStart(name.charAt(0));
    for (int k = 1; simple && k < name.length(); k++) {
      simple = Character.isJavaIdentifierPart(name.charAt(k));
    }
    return simple ? parent + "." + name : parent + "['" + name.replace("'", "\\'") + "']";
  }

  private void wrongRoot(JsonParser p, JsonToken t) throws IOException {
    wrongType(p, t, "$", "a JSON object: each line holds one record {...}");
  }

  private void wrongType(JsonParser p, JsonToken t, String path, String expected)
      throws IOException {
    error(FindingCode.WRONG_TYPE, path, "found " + describe(t) + ", expected " + expected);
    p.skipChildren();
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }

  private static String roleName(int role) {
    return switch (role) {
      case USER -> "user";
      case ASSISTANT -> "assistant";
      case SYSTEM -> "system";
      default -> "?";
    };
  }

  private static boolean isBlank(char[] text, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      char c = text[i];
      if (c > ' ' && !Character.isWhitespace(c)) {
        return false;
      }
    }
    return true;
  }

  private void error(FindingCode code, String path, String message) {
    sink.add(file, line, path, code, Severity.ERROR, message);
  }

  private void warn(FindingCode code, String path, String message) {
    sink.add(file, line, path, code, Severity.WARNING, message);
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
        overlaps);
  }
}
