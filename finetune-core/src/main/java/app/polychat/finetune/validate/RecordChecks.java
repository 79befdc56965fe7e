package app.polychat.finetune.validate;

import app.polychat.finetune.format.BedrockConversationFormatter;
import app.polychat.finetune.format.BedrockPromptOnlyFormatter;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.validate.internal.Hash64;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;

/**
 * The rules of one record, independent of how its format spells them: role order, empty text,
 * reserved keywords (whose severity depends on the role, which may come after the text), content
 * rules per model and method, token estimates, the record's hash and its style tags. The format
 * walkers of {@link RecordWalker} feed it; {@link FileScanner} reads the results. One instance per
 * file; the state is reset for each record and each message.
 */
abstract class RecordChecks {
  /** The shapes a record can have. */
  enum Shape {
    BEDROCK,
    OPENAI,
    PROMPT_COMPLETION
  }

  /** Where a text sits in a record, to name its JSON path only when something is reported. */
  enum Site {
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

  static final int UNKNOWN = 0;
  static final int USER = 1;
  static final int ASSISTANT = 2;
  static final int SYSTEM = 3;
  static final int INVALID = -1;
  static final String NONE = "(none)";
  private static final int TAG_CACHE = 64;

  final ScanSettings settings;
  private final FindingSink sink;
  private final String file;
  private final boolean promptOnly;
  private final boolean fusedScan;
  private final HeuristicTokenEstimator.TextFacts facts = new HeuristicTokenEstimator.TextFacts();
  Shape shape = Shape.BEDROCK;

  /**
   * Whether records are Bedrock RFT records ({@code bedrock-rft}): OpenAI messages that end with
   * the user's prompt, a {@code reference_answer}, and any other top-level field for the grader.
   */
  boolean rftRecords;

  boolean referenceAnswerSeen;

  // the record being read
  long line;
  boolean rootObject;
  boolean messagesSeen;
  long recordHash;
  long systemHash;
  boolean hasSystem;
  int recordTokens;
  int recordChars;
  int turns;
  int lastRole;
  int lastMessageIndex;
  boolean roleOrderReported;
  String style; // from a STYLE: line of the system prompt
  String complexity;
  String fieldStyle; // from a style field on the line or in metadata: wins over the prompt
  String fieldComplexity;
  int recordImages;
  int recordVideos;
  boolean mediaCountReported;

  // the message being read
  int msgRole;
  long msgHash;
  boolean msgContentSeen;
  int msgBlocks;
  int msgTexts;
  int msgBlank;
  int msgFirstBlank;
  Site msgFirstBlankSite;
  int msgImages;
  int msgVideos;
  int msgDocuments;
  int msgReasoning;
  int msgToolUse;
  int msgToolResult;
  private int pending;
  private Site[] pendingSite = new Site[4];
  private int[] pendingBlock = new int[4];
  private int[] pendingMask = new int[4];
  String pendingStyle;
  private final char[][] tagRaw = new char[TAG_CACHE][];
  private final String[] tagValues = new String[TAG_CACHE];
  String pendingComplexity;

  RecordChecks(ScanSettings settings, FindingSink sink, String file) {
    this.settings = settings;
    this.sink = sink;
    this.file = file;
    this.promptOnly = BedrockPromptOnlyFormatter.FORMAT_ID.equals(settings.formatId());
    this.fusedScan =
        settings.estimator() == TokenEstimator.heuristic()
            && settings.keywords().anchoredOnPunctuation();
  }

  /** Estimated tokens of the record, role markers included. */
  int tokens() {
    return recordTokens + settings.estimator().perTurnOverhead() * (turns + (hasSystem ? 1 : 0));
  }

  /** Checks that need the whole record: how it ends, and its size. */
  void completeRecord() {
    if (messagesSeen) {
      checkEnding();
    }
    if (rftRecords && rootObject && !referenceAnswerSeen) {
      error(
          FindingCode.MISSING_FIELD,
          "$.reference_answer",
          "no \"reference_answer\": add the answer the grader compares the model's answers with"
              + " (`finetune dataset convert --to rft` moves each example's answer there)");
    }
    checkRecordMedia();
    int tokens = tokens();
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
  }

  /**
   * Media counted over the whole record (one "sample" in the Nova user guide): several images, at
   * most {@link BedrockRules#MAX_IMAGES_PER_RECORD}, or one video. A turn over the limit was
   * reported already and is not reported twice.
   */
  private void checkRecordMedia() {
    if (mediaCountReported) {
      return;
    }
    if (recordVideos > BedrockRules.MAX_VIDEOS_PER_RECORD) {
      error(
          FindingCode.UNSUPPORTED_CONTENT,
          "$.messages",
          recordVideos
              + " videos in one record: a record may hold "
              + BedrockRules.MAX_VIDEOS_PER_RECORD
              + " video (Nova user guide); keep one and move the others to records of their own");
    }
    if (recordImages > BedrockRules.MAX_IMAGES_PER_RECORD) {
      error(
          FindingCode.UNSUPPORTED_CONTENT,
          "$.messages",
          recordImages
              + " images in one record: at most "
              + BedrockRules.MAX_IMAGES_PER_RECORD
              + " per record; remove some or split the conversation");
    }
  }

  /** The record's hash for duplicate checks: system prompt and turns, not JSON layout. */
  long contentHash() {
    return Hash64.finish(Hash64.mix(recordHash, hasSystem ? systemHash : 0));
  }

  void beginRecord(long lineNumber) {
    line = lineNumber;
    rootObject = false;
    messagesSeen = false;
    referenceAnswerSeen = false;
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
    fieldStyle = null;
    fieldComplexity = null;
    recordImages = 0;
    recordVideos = 0;
    mediaCountReported = false;
  }

  private void checkEnding() {
    if (roleOrderReported) {
      return;
    }
    boolean fineTuning = settings.method() == CustomizationType.FINE_TUNING;
    if (turns == 0) {
      error(
          FindingCode.ROLE_ORDER,
          shape == Shape.PROMPT_COMPLETION ? "$" : "$.messages",
          "the record has no user or assistant turn: add the user's turn"
              + (fineTuning ? " and the assistant's answer" : ""));
      return;
    }
    if (lastRole != USER && lastRole != ASSISTANT) {
      return; // an invalid or missing role, reported already
    }
    String path = lastRolePath();
    if (rftRecords) {
      if (lastRole != USER) {
        error(
            FindingCode.ROLE_ORDER,
            path,
            "an RFT record ends with the user's prompt, which the model answers during training:"
                + " move the answer into \"reference_answer\"");
      }
      return;
    }
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
    return switch (shape) {
      case PROMPT_COMPLETION -> lastRole == USER ? "$.completion" : "$";
      default -> "$.messages[" + lastMessageIndex + "].role";
    };
  }

  void systemText(char[] text, int offset, int length, Site site, int block) {
    hasSystem = true;
    recordChars += length;
    examine(text, offset, length);
    recordTokens += facts.tokens;
    systemHash = Hash64.chars(Hash64.mix(systemHash, block), text, offset, length);
    if (facts.blank) {
      warn(
          FindingCode.EMPTY_TEXT,
          site.path(0, block),
          "the system prompt is empty: write it or remove the block");
    }
    if (facts.keywords != 0) {
      reservedKeywords(site.path(0, block), facts.keywords, Severity.ERROR, "system");
    }
    scanTags(text, offset, length, false);
  }

  /** Tokens, reserved keywords and blankness of a text: one pass with the default estimator. */
  private void examine(char[] text, int offset, int length) {
    if (fusedScan) {
      HeuristicTokenEstimator.INSTANCE.scan(text, offset, length, settings.keywords(), facts);
    } else {
      facts.tokens = settings.estimator().estimate(text, offset, length);
      facts.keywords = settings.keywords().find(text, offset, length);
      facts.blank = isBlank(text, offset, length);
    }
  }

  void beginMessage() {
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

  void messageText(char[] text, int offset, int length, Site site, int block) {
    msgTexts++;
    recordChars += length;
    examine(text, offset, length);
    recordTokens += facts.tokens;
    msgHash = Hash64.chars(Hash64.mix(msgHash, block + site.ordinal() * 31L), text, offset, length);
    if (facts.blank) {
      msgBlank++;
      if (msgFirstBlank < 0 && msgFirstBlankSite == null) {
        msgFirstBlank = block;
        msgFirstBlankSite = site;
      }
    }
    int mask = facts.keywords;
    if (mask != 0) {
      if (pending == pendingSite.length) {
        pendingSite = Arrays.copyOf(pendingSite, pending * 2);
        pendingBlock = Arrays.copyOf(pendingBlock, pending * 2);
        pendingMask = Arrays.copyOf(pendingMask, pending * 2);
      }
      pendingSite[pending] = site;
      pendingBlock[pending] = block;
      pendingMask[pending] = mask;
      pending++;
    }
    if ((msgRole == UNKNOWN || msgRole == SYSTEM) && shape == Shape.OPENAI) {
      scanTags(text, offset, length, true);
    }
  }

  /** Closes a message: role order, reserved keywords by role, empty text, content rules. */
  void endMessage(int i, int turnIndex) {
    if (msgRole == SYSTEM) {
      endSystemMessage(i);
      return;
    }
    turns++;
    recordImages += msgImages;
    recordVideos += msgVideos;
    lastMessageIndex = i;
    lastRole = msgRole;
    recordHash = Hash64.mix(Hash64.mix(recordHash, msgRole), msgHash);
    if ((msgRole == USER || msgRole == ASSISTANT) && !roleOrderReported) {
      int expected = turnIndex % 2 == 0 ? USER : ASSISTANT;
      if (msgRole != expected) {
        roleOrderReported = true;
        String rolePath =
            shape == Shape.PROMPT_COMPLETION
                ? (msgRole == USER ? "$.prompt" : "$.completion")
                : messagePath(i) + ".role";
        error(
            FindingCode.ROLE_ORDER,
            rolePath,
            (turnIndex == 0
                    ? "the first turn is \"assistant\", but a record starts with the user's turn"
                    : "turn "
                        + (turnIndex + 1)
                        + " is \""
                        + roleName(msgRole)
                        + "\" but \""
                        + roleName(expected)
                        + "\" was expected")
                + ": turns alternate user, assistant, user, ...; merge or add turns to restore it");
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
    checkEmpty(i);
    checkContentRules(i);
  }

  private void endSystemMessage(int i) {
    if (turns > 0) {
      error(
          FindingCode.ROLE_ORDER,
          messagePath(i) + ".role",
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
          messagePath(i) + ".content",
          "the system prompt is empty: write it or remove the message");
    }
    if (pendingStyle != null) {
      style = pendingStyle;
    }
    if (pendingComplexity != null) {
      complexity = pendingComplexity;
    }
  }

  private void checkEmpty(int i) {
    int media = msgImages + msgVideos + msgDocuments + msgToolUse + msgToolResult;
    String who = msgRole == ASSISTANT ? "the assistant's" : msgRole == USER ? "the user's" : "the";
    if (msgBlocks == 0 && msgContentSeen) {
      error(
          FindingCode.EMPTY_TEXT,
          contentOf(i),
          "the content is empty: give the turn at least one {\"text\": \"...\"} block");
    } else if (msgBlocks == -2) {
      error(FindingCode.EMPTY_TEXT, contentOf(i), "the content is null: write " + who + " text");
    } else if (msgTexts > 0 && msgBlank == msgTexts && media == 0 && msgReasoning == 0) {
      String at =
          msgFirstBlankSite == null ? contentOf(i) : msgFirstBlankSite.path(i, msgFirstBlank);
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

  private void checkContentRules(int i) {
    ModelRules model = settings.model();
    int media = msgImages + msgVideos + msgDocuments;
    if (media > 0) {
      if (msgRole == ASSISTANT) {
        unsupported(
            contentOf(i),
            "images, videos and documents may only appear in user turns: move it to the user's"
                + " turn or remove it");
      } else if (!model.mediaSupported()) {
        unsupported(
            contentOf(i),
            model.displayName() + " trains on text only: remove the image, video or document");
      } else if (settings.method() == CustomizationType.DISTILLATION) {
        unsupported(
            contentOf(i), "distillation takes text only: remove the image, video or document");
      }
      if (msgImages > BedrockRules.MAX_IMAGES_PER_MESSAGE) {
        mediaCountReported = true;
        unsupported(
            contentOf(i),
            msgImages
                + " images: at most "
                + BedrockRules.MAX_IMAGES_PER_MESSAGE
                + " per turn: remove some or split the record");
      }
      if (msgVideos > BedrockRules.MAX_VIDEOS_PER_MESSAGE) {
        mediaCountReported = true;
        unsupported(
            contentOf(i),
            msgVideos
                + " videos: at most "
                + BedrockRules.MAX_VIDEOS_PER_MESSAGE
                + " per turn: remove some or split the record");
      }
      if (msgVideos > 0 && (msgImages > 0 || msgDocuments > 0)) {
        unsupported(
            contentOf(i),
            "a video cannot be mixed with images or documents in one turn: split them");
      }
    }
    if (msgReasoning > 0) {
      if (!model.reasoningSupported()) {
        unsupported(
            contentOf(i),
            "reasoningContent is only accepted by Nova 2 Lite, not "
                + model.displayName()
                + ": remove it, or target nova-2-lite");
      } else if (msgRole != ASSISTANT) {
        unsupported(
            contentOf(i), "reasoningContent may only appear in assistant turns: move or remove it");
      }
    }
    if (msgToolUse + msgToolResult > 0) {
      if (!model.toolUseSupported()) {
        unsupported(
            contentOf(i),
            model.displayName() + " does not train on tool use: remove toolUse/toolResult");
      } else if (msgToolUse > 0 && msgRole == USER) {
        unsupported(contentOf(i), "toolUse may only appear in assistant turns: move or remove it");
      } else if (msgToolResult > 0 && msgRole == ASSISTANT) {
        unsupported(contentOf(i), "toolResult may only appear in user turns: move or remove it");
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

  void metadataNode(JsonNode node) {
    if (node == null || !node.isObject()) {
      return;
    }
    labelField("style", node.get("style"));
    labelField("complexity", node.get("complexity"));
  }

  /** A {@code style} or {@code complexity} field, on the line or in {@code metadata}. */
  void labelField(String name, JsonNode value) {
    if (value == null || !value.isTextual()) {
      return;
    }
    if (name.equals("style")) {
      fieldStyle = normalizeTag(value.textValue());
    } else {
      fieldComplexity = normalizeTag(value.textValue());
    }
  }

  /** The record's style: its field if it has one, else its system prompt's STYLE line. */
  String resolvedStyle() {
    return fieldStyle != null ? fieldStyle : style;
  }

  /** The record's complexity, found like {@link #resolvedStyle()}. */
  String resolvedComplexity() {
    return fieldComplexity != null ? fieldComplexity : complexity;
  }

  /** Reads {@code STYLE: x} and {@code COMPLEXITY: y} lines (any case, markdown allowed). */
  void scanTags(char[] text, int offset, int length, boolean toPending) {
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

  /** The normalized value of a tag line; recent values are remembered, not rebuilt per record. */
  private String tagValue(char[] text, int from, int end) {
    int hash = 0;
    for (int k = from; k < end; k++) {
      hash = 31 * hash + text[k];
    }
    int slot = (hash ^ (hash >>> 16)) & (TAG_CACHE - 1);
    char[] raw = tagRaw[slot];
    if (raw != null && Arrays.equals(raw, 0, raw.length, text, from, end)) {
      return tagValues[slot];
    }
    String value = normalizeTag(new String(text, from, end - from));
    tagRaw[slot] = Arrays.copyOfRange(text, from, end);
    tagValues[slot] = value;
    return value;
  }

  static String normalizeTag(String raw) {
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
    value = value.substring(a, b).strip();
    if (value.length() > 64) {
      value = value.substring(0, 64);
    }
    return value.isEmpty() ? NONE : value;
  }

  void unknownFieldWarning(String parent, String name) {
    if (rftRecords && parent.equals("$")) {
      return; // Bedrock passes extra fields of an RFT record to the grader as metadata
    }
    String hint =
        parent.equals("$")
                && (name.equals("metadata") || name.equals("style") || name.equals("complexity"))
            ? "the toolkit reads it for the style and complexity statistics, but Bedrock's format"
                + " has no such field: leave it out of the uploaded file"
            : "the format has no such field: remove it (Bedrock ignores it at best)";
    warn(
        FindingCode.UNKNOWN_FIELD,
        fieldPath(parent, name),
        "unknown field \"" + name + "\": " + hint);
  }

  /** Where a message's content is, for findings: {@code $.messages[i].content}, or the record. */
  String contentOf(int i) {
    return shape == Shape.PROMPT_COMPLETION ? "$" : messagePath(i) + ".content";
  }

  /** {@code $.messages[i]}: built only when a finding needs it. */
  static String messagePath(int i) {
    return "$.messages[" + i + "]";
  }

  static String fieldPath(String parent, String name) {
    boolean simple = !name.isEmpty() && Character.isJavaIdentifierStart(name.charAt(0));
    for (int k = 1; simple && k < name.length(); k++) {
      simple = Character.isJavaIdentifierPart(name.charAt(k));
    }
    return simple ? parent + "." + name : parent + "['" + name.replace("'", "\\'") + "']";
  }

  private static String roleName(int role) {
    return switch (role) {
      case USER -> "user";
      case ASSISTANT -> "assistant";
      case SYSTEM -> "system";
      default -> "?";
    };
  }

  static boolean isBlank(char[] text, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (!Character.isWhitespace(text[i])) {
        return false;
      }
    }
    return true;
  }

  void error(FindingCode code, String path, String message) {
    sink.add(file, line, path, code, Severity.ERROR, message);
  }

  void warn(FindingCode code, String path, String message) {
    sink.add(file, line, path, code, Severity.WARNING, message);
  }
}
