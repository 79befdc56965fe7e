package app.polychat.finetune.filter;

import app.polychat.finetune.example.Conversation;
import app.polychat.finetune.example.Message;
import app.polychat.finetune.example.Role;
import app.polychat.finetune.example.TrainingExample;
import app.polychat.finetune.validate.TokenEstimator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in filters: empty answers, markdown fences (stripped when the answer is one fenced
 * block, dropped otherwise), Nova's reserved keywords in any turn, and answers too long for the
 * target model. Exact duplicate answers are removed when the dataset is written, in plan order, so
 * which copy survives does not depend on which answer arrived first.
 */
public final class Filters {
  /**
   * Strings that make a Nova customization job fail when they appear in the training text
   * (case-insensitive): Bedrock's documented list plus {@code Thought:} and {@code <unk>}, which
   * AWS's own dataset validator also rejects.
   */
  public static final List<String> NOVA_RESERVED_KEYWORDS =
      List.of(
          "User:",
          "Bot:",
          "Assistant:",
          "System:",
          "<image>",
          "<video>",
          "[EOS]",
          "Thought:",
          "<unk>");

  private static final Pattern SINGLE_FENCED_BLOCK =
      Pattern.compile("\\A\\s*```[\\w+#.-]*[ \\t]*\\R(.*?)\\R?```\\s*\\z", Pattern.DOTALL);

  private Filters() {}

  /**
   * {@return the default chain for a model with this context length (tokens, estimated)}
   *
   * @param maxTokens the student model's context length, in estimated tokens
   */
  public static List<ExampleFilter> defaults(int maxTokens) {
    return List.of(emptyAnswer(), markdownFences(), reservedKeywords(), maxTokens(maxTokens));
  }

  /**
   * Drops examples whose final answer is missing or blank.
   *
   * @return the filter
   */
  public static ExampleFilter emptyAnswer() {
    return example ->
        example.conversation().lastAssistantText().filter(text -> !text.isBlank()).isPresent()
            ? FilterDecision.keep(example)
            : FilterDecision.drop("empty answer");
  }

  /**
   * Strips a markdown fence around the whole answer; drops an answer with fences mixed with prose
   * (the model ignored the "code only" rule).
   *
   * @return the filter
   */
  public static ExampleFilter markdownFences() {
    return example -> {
      String answer = example.conversation().lastAssistantText().orElse("");
      if (!answer.contains("```")) {
        return FilterDecision.keep(example);
      }
      Matcher m = SINGLE_FENCED_BLOCK.matcher(answer);
      if (m.matches() && !m.group(1).contains("```") && !m.group(1).isBlank()) {
        return FilterDecision.keep(replaceAnswer(example, m.group(1).strip()));
      }
      return FilterDecision.drop("markdown fences mixed with prose");
    };
  }

  /**
   * Drops examples with one of {@link #NOVA_RESERVED_KEYWORDS} in any turn or the system prompt.
   *
   * @return the filter
   */
  public static ExampleFilter reservedKeywords() {
    return example -> {
      Conversation c = example.conversation();
      String hit = findReserved(c.systemText());
      if (hit != null) {
        return FilterDecision.drop("reserved keyword '" + hit + "' in system prompt");
      }
      for (Message message : c.messages()) {
        hit = findReserved(message.text());
        if (hit != null) {
          return FilterDecision.drop(
              "reserved keyword '" + hit + "' in " + message.role().wireName() + " turn");
        }
      }
      return FilterDecision.keep(example);
    };
  }

  /**
   * Drops examples whose estimated token count exceeds {@code maxTokens}, counted as the validator
   * counts a record, so an example this filter keeps never fails the validator's length check.
   *
   * @param maxTokens the most estimated tokens a kept example may have
   * @return the filter
   */
  public static ExampleFilter maxTokens(int maxTokens) {
    return example -> {
      int tokens = TokenEstimator.heuristic().estimate(example.conversation());
      return tokens > maxTokens
          ? FilterDecision.drop(
              "too long for the model (~" + tokens + " > " + maxTokens + " tokens, estimated)")
          : FilterDecision.keep(example);
    };
  }

  /**
   * {@return the first reserved keyword in the text (case-insensitive), or null}
   *
   * @param text the text to search; may be null
   */
  public static String findReserved(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    for (String keyword : NOVA_RESERVED_KEYWORDS) {
      if (lower.contains(keyword.toLowerCase(Locale.ROOT))) {
        return keyword;
      }
    }
    return null;
  }

  /**
   * Whitespace-normalized answer text, the key for exact-duplicate detection.
   *
   * @param example the example
   * @return the final answer with runs of whitespace made one space and the ends trimmed
   */
  public static String normalizedAnswer(TrainingExample example) {
    return example.conversation().lastAssistantText().orElse("").strip().replaceAll("\\s+", " ");
  }

  private static TrainingExample replaceAnswer(TrainingExample example, String answer) {
    Conversation c = example.conversation();
    List<Message> messages = new ArrayList<>(c.messages());
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() == Role.ASSISTANT) {
        messages.set(i, Message.assistant(answer));
        break;
      }
    }
    return example.withConversation(new Conversation(c.system(), messages));
  }
}
