package app.polychat.finetune.validate;

import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.support.Json;
import app.polychat.finetune.validate.internal.Hash64;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Walks one record with Jackson's streaming parser, in the shape of its format, and feeds what it
 * reads to the checks it inherits. Texts are checked inside Jackson's own buffer; only the few
 * strings a finding needs are built.
 */
final class RecordWalker extends RecordChecks {

  RecordWalker(ScanSettings settings, FindingSink sink, String file) {
    super(settings, sink, file);
  }

  /** Reads the record the parser is about to produce; JSON syntax errors propagate. */
  void walk(JsonParser p) throws IOException {
    switch (shape) {
      case BEDROCK -> bedrock(p);
      case OPENAI -> openAi(p);
      case PROMPT_COMPLETION -> promptCompletion(p);
    }
  }

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
        case "style", "complexity" -> label(p, t, name);
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
    if (!textIs(p, BedrockRules.SCHEMA_VERSION)) {
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
      if (t != JsonToken.START_OBJECT) {
        wrongType(p, t, systemPath(i), "an object {\"text\": \"...\"}");
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
            wrongType(p, t, systemPath(i) + ".text", "a string");
          }
        } else {
          unknownField(p, systemPath(i), name);
        }
      }
      if (!text) {
        error(
            FindingCode.MISSING_FIELD,
            systemPath(i) + ".text",
            "a system block needs \"text\": write it as {\"text\": \"...\"}");
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
    beginMessage();
    if (t != JsonToken.START_OBJECT) {
      wrongType(p, t, messagePath(i), "an object {\"role\", \"content\"}");
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
          role(p, t, i, false);
        }
        case "content" -> bedrockContent(p, t, i);
        default -> unknownField(p, messagePath(i), name);
      }
    }
    if (!roleSeen) {
      msgRole = INVALID;
      error(
          FindingCode.MISSING_FIELD,
          messagePath(i) + ".role",
          "no \"role\": add \"role\": \"user\" or \"assistant\"");
    }
    if (!msgContentSeen) {
      error(
          FindingCode.MISSING_FIELD,
          messagePath(i) + ".content",
          "no \"content\": add \"content\": [{\"text\": \"...\"}]");
    }
    endMessage(i, turns);
  }

  private void bedrockContent(JsonParser p, JsonToken t, int i) throws IOException {
    msgContentSeen = true;
    if (t != JsonToken.START_ARRAY) {
      wrongType(p, t, contentPath(i), "an array of {\"text\": \"...\"} blocks");
      msgBlocks = -1;
      return;
    }
    int j = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      bedrockBlock(p, t, i, j++);
    }
  }

  private void bedrockBlock(JsonParser p, JsonToken t, int i, int j) throws IOException {
    msgBlocks++;
    if (t != JsonToken.START_OBJECT) {
      wrongType(p, t, blockPath(i, j), "an object such as {\"text\": \"...\"}");
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
            wrongType(p, t, blockPath(i, j) + ".text", "a string");
          }
        }
        case "image" -> {
          msgImages++;
          media(p, t, blockPath(i, j) + ".image", false);
        }
        case "video" -> {
          msgVideos++;
          media(p, t, blockPath(i, j) + ".video", true);
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
        case "reasoningContent" -> reasoning(p, t, i, j);
        default -> {
          kinds--;
          unknownField(p, blockPath(i, j), name);
        }
      }
    }
    if (kinds == 0) {
      error(
          FindingCode.MISSING_FIELD,
          blockPath(i, j) + ".text",
          "the content block holds nothing Bedrock reads: give it \"text\" (or image, video,"
              + " document, reasoningContent, toolUse, toolResult)");
    }
  }

  /**
   * An image or video block: {@code {"format": ..., "source": {"s3Location": {"uri": "s3://...",
   * "bucketOwner": "123456789012"}}}}. The shape is the runtime API model's ImageBlock / VideoBlock
   * (source: a union of {@code bytes} and {@code s3Location}); training data must reference S3
   * (Nova user guide), with the formats of {@link BedrockRules#imageFormats}.
   */
  private void media(JsonParser p, JsonToken t, String path, boolean video) throws IOException {
    String kind = video ? "video" : "image";
    if (t != JsonToken.START_OBJECT) {
      wrongType(
          p,
          t,
          path,
          "an object {\"format\": ..., \"source\": {\"s3Location\": {\"uri\": \"s3://...\"}}}");
      msgHash = Hash64.mix(msgHash, video ? 12 : 11);
      return;
    }
    JsonNode node = Json.mapper().readTree(p);
    msgHash = Hash64.string(Hash64.mix(msgHash, video ? 12 : 11), node.toString());
    List<String> formats =
        video
            ? BedrockRules.videoFormats(settings.model())
            : BedrockRules.imageFormats(settings.model());
    JsonNode format = node.get("format");
    if (format == null || format.isNull()) {
      error(
          FindingCode.MISSING_FIELD,
          path + ".format",
          "the " + kind + " has no \"format\": add one of " + String.join(", ", formats));
    } else if (!format.isTextual()) {
      error(
          FindingCode.WRONG_TYPE,
          path + ".format",
          "\"format\" must be a string such as \"" + formats.get(0) + "\"");
    } else if (!formats.contains(format.textValue().toLowerCase(Locale.ROOT))) {
      String given = format.textValue();
      String hint = given.equalsIgnoreCase("jpg") ? " (write \"jpeg\" for .jpg files)" : "";
      error(
          FindingCode.INVALID_MEDIA,
          path + ".format",
          kind
              + " format \""
              + given
              + "\": "
              + settings.model().displayName()
              + " trains on "
              + String.join(", ", formats)
              + hint
              + "; convert the file or remove the block");
    }
    mediaSource(node.get("source"), path + ".source", kind);
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!name.equals("format") && !name.equals("source")) {
                unknownFieldWarning(path, name);
              }
            });
  }

  private void mediaSource(JsonNode source, String path, String kind) {
    if (source == null || source.isNull()) {
      error(
          FindingCode.MISSING_FIELD,
          path,
          "the "
              + kind
              + " has no \"source\": add \"source\": {\"s3Location\": {\"uri\": \"s3://bucket/key\"}}");
      return;
    }
    if (!source.isObject()) {
      error(FindingCode.WRONG_TYPE, path, "\"source\" must be an object {\"s3Location\": {...}}");
      return;
    }
    if (source.has("bytes")) {
      error(
          FindingCode.INVALID_MEDIA,
          path + ".bytes",
          "inline bytes: training data must reference the "
              + kind
              + " in S3; upload it to the dataset's bucket and write \"s3Location\": {\"uri\":"
              + " \"s3://bucket/key\"}");
    }
    JsonNode location = source.get("s3Location");
    source
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!name.equals("s3Location") && !name.equals("bytes")) {
                unknownFieldWarning(path, name);
              }
            });
    if (location == null || location.isNull()) {
      if (!source.has("bytes")) {
        error(
            FindingCode.MISSING_FIELD,
            path + ".s3Location",
            "no \"s3Location\": write \"source\": {\"s3Location\": {\"uri\": \"s3://bucket/key\"}}");
      }
      return;
    }
    String at = path + ".s3Location";
    if (!location.isObject()) {
      error(FindingCode.WRONG_TYPE, at, "\"s3Location\" must be an object {\"uri\": \"s3://...\"}");
      return;
    }
    JsonNode uri = location.get("uri");
    if (uri == null || uri.isNull()) {
      error(FindingCode.MISSING_FIELD, at + ".uri", "no \"uri\": add \"uri\": \"s3://bucket/key\"");
    } else if (!uri.isTextual()) {
      error(FindingCode.WRONG_TYPE, at + ".uri", "\"uri\" must be a string \"s3://bucket/key\"");
    } else if (!uri.textValue().startsWith("s3://")) {
      error(
          FindingCode.INVALID_MEDIA,
          at + ".uri",
          "\""
              + abbreviate(uri.textValue())
              + "\" is not an S3 URI: Bedrock reads training media from S3 only; upload it and write"
              + " s3://bucket/key");
    } else if (!BedrockRules.MEDIA_S3_PATH
        .matcher(uri.textValue().substring("s3://".length()))
        .matches()) {
      error(
          FindingCode.INVALID_MEDIA,
          at + ".uri",
          "\""
              + abbreviate(uri.textValue())
              + "\" has characters Bedrock rejects in a media URI: use only letters, digits, '_',"
              + " '-', '/' and '.' (rename the object)");
    }
    JsonNode owner = location.get("bucketOwner");
    if (owner != null
        && !owner.isNull()
        && !(owner.isTextual() && BedrockRules.BUCKET_OWNER.matcher(owner.textValue()).matches())) {
      error(
          FindingCode.INVALID_MEDIA,
          at + ".bucketOwner",
          "bucketOwner "
              + abbreviate(owner.toString())
              + " is not an AWS account id: write the 12 digits as a string, e.g. \"123456789012\","
              + " or leave it out");
    }
    location
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!name.equals("uri") && !name.equals("bucketOwner")) {
                unknownFieldWarning(at, name);
              }
            });
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  private void reasoning(JsonParser p, JsonToken t, int i, int j) throws IOException {
    msgReasoning++;
    if (t != JsonToken.START_OBJECT) {
      wrongType(p, t, reasoningPath(i, j), "an object {\"reasoningText\": {\"text\": \"...\"}}");
      return;
    }
    boolean text = false;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      t = p.nextToken();
      if (!"reasoningText".equals(name)) {
        unknownField(p, reasoningPath(i, j), name);
        continue;
      }
      if (t != JsonToken.START_OBJECT) {
        wrongType(p, t, reasoningPath(i, j) + ".reasoningText", "an object {\"text\": \"...\"}");
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
          wrongType(p, t, reasoningPath(i, j) + ".reasoningText.text", "a string");
          text = true;
        } else {
          unknownField(p, reasoningPath(i, j) + ".reasoningText", inner);
        }
      }
    }
    if (!text) {
      error(
          FindingCode.MISSING_FIELD,
          reasoningPath(i, j) + ".reasoningText.text",
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
        case "style", "complexity" -> label(p, t, name);
        case "reference_answer" -> {
          if (rftRecords) {
            referenceAnswer(p, t);
          } else {
            unknownField(p, "$", name);
          }
        }
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

  /** {@code reference_answer}: any JSON value the grader can read, but not null or empty. */
  private void referenceAnswer(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return; // reported as missing when the record is complete
    }
    referenceAnswerSeen = true;
    boolean empty;
    if (t == JsonToken.VALUE_STRING) {
      empty = p.getText().isBlank();
    } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      empty = Json.mapper().<JsonNode>readTree(p).isEmpty();
    } else {
      empty = false;
    }
    if (empty) {
      error(
          FindingCode.EMPTY_TEXT,
          "$.reference_answer",
          "the reference answer is empty: the grader has nothing to compare with; add the"
              + " expected answer or drop the record");
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
      beginMessage();
      if (t != JsonToken.START_OBJECT) {
        wrongType(p, t, messagePath(i), "an object {\"role\", \"content\"}");
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
            role(p, t, i, true);
          }
          case "content" -> openAiContent(p, t, i);
          default -> unknownField(p, messagePath(i), name);
        }
      }
      if (!roleSeen) {
        msgRole = INVALID;
        error(
            FindingCode.MISSING_FIELD,
            messagePath(i) + ".role",
            "no \"role\": add \"role\": \"system\", \"user\" or \"assistant\"");
      }
      if (!msgContentSeen) {
        error(
            FindingCode.MISSING_FIELD,
            messagePath(i) + ".content",
            "no \"content\": add the message text");
      }
      endMessage(i++, turns);
    }
  }

  private void openAiContent(JsonParser p, JsonToken t, int i) throws IOException {
    msgContentSeen = true;
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
      wrongType(
          p,
          t,
          contentPath(i),
          "a string or an array of {\"type\": \"text\", \"text\": ...} parts");
      msgBlocks = -1;
      return;
    }
    int j = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      msgBlocks++;
      if (t != JsonToken.START_OBJECT) {
        wrongType(p, t, blockPath(i, j), "an object {\"type\": \"text\", \"text\": \"...\"}");
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
          wrongType(p, t, blockPath(i, j) + "." + name, "a string");
        } else {
          hashSubtree(p, 17);
          if (!"image_url".equals(name) && !"input_audio".equals(name) && !"file".equals(name)) {
            unknownField(p, blockPath(i, j), name);
          }
        }
      }
      if (type != null && !"text".equals(type)) {
        error(
            FindingCode.UNSUPPORTED_CONTENT,
            blockPath(i, j) + ".type",
            "a \"" + type + "\" part: only text parts can be converted for Nova; remove it");
      } else if (!text) {
        error(FindingCode.MISSING_FIELD, blockPath(i, j) + ".text", "a text part needs \"text\"");
      }
      j++;
    }
  }

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
              } else if (name.equals("style") || name.equals("complexity")) {
                labelField(name, root.get(name));
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

  private void role(JsonParser p, JsonToken t, int i, boolean systemAllowed) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      wrongType(p, t, messagePath(i) + ".role", "\"user\" or \"assistant\"");
      msgRole = INVALID;
      return;
    }
    if (textIs(p, "user")) {
      msgRole = USER;
      return;
    }
    if (textIs(p, "assistant")) {
      msgRole = ASSISTANT;
      return;
    }
    String role = p.getText();
    switch (role) {
      case "system" -> {
        if (systemAllowed) {
          msgRole = SYSTEM;
        } else {
          msgRole = INVALID;
          error(
              FindingCode.INVALID_ROLE,
              messagePath(i) + ".role",
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
        error(FindingCode.INVALID_ROLE, messagePath(i) + ".role", "role \"" + role + "\": " + hint);
      }
    }
  }

  private void label(JsonParser p, JsonToken t, String name) throws IOException {
    unknownFieldWarning("$", name);
    if (t == JsonToken.VALUE_STRING) {
      labelField(name, Json.mapper().getNodeFactory().textNode(p.getText()));
    } else {
      p.skipChildren();
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

  private void wrongRoot(JsonParser p, JsonToken t) throws IOException {
    wrongType(p, t, "$", "a JSON object: each line holds one record {...}");
  }

  private void wrongType(JsonParser p, JsonToken t, String path, String expected)
      throws IOException {
    error(FindingCode.WRONG_TYPE, path, "found " + describe(t) + ": write " + expected + " here");
    p.skipChildren();
  }

  /** Whether the current string value equals {@code expected}, without making a String. */
  private static boolean textIs(JsonParser p, String expected) throws IOException {
    int length = p.getTextLength();
    if (length != expected.length()) {
      return false;
    }
    char[] chars = p.getTextCharacters();
    int offset = p.getTextOffset();
    for (int k = 0; k < length; k++) {
      if (chars[offset + k] != expected.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static String systemPath(int i) {
    return "$.system[" + i + "]";
  }

  private static String contentPath(int i) {
    return messagePath(i) + ".content";
  }

  private static String blockPath(int i, int j) {
    return contentPath(i) + "[" + j + "]";
  }

  private static String reasoningPath(int i, int j) {
    return blockPath(i, j) + ".reasoningContent";
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
}
