package app.polychat.finetune.example;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A conversation as Bedrock trains on it: optional system prompt blocks, then messages. The order
 * of roles is not enforced here (a dataset being validated may be wrong); the validator checks it.
 */
public record Conversation(List<TextBlock> system, List<Message> messages) {
  /**
   * Copies the system blocks and messages, so the conversation is immutable.
   *
   * @param system the system prompt blocks; empty for none
   * @param messages the turns, in order
   * @throws NullPointerException when either list is null
   */
  public Conversation {
    system = List.copyOf(Objects.requireNonNull(system, "system"));
    messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
  }

  /**
   * {@return a single exchange: system prompt (may be empty), user prompt, assistant answer}
   *
   * @param systemPrompt the system prompt; empty for none
   * @param userPrompt the user's turn
   * @param assistantAnswer the assistant's answer
   */
  public static Conversation of(String systemPrompt, String userPrompt, String assistantAnswer) {
    return new Conversation(
        systemBlocks(systemPrompt),
        List.of(Message.user(userPrompt), Message.assistant(assistantAnswer)));
  }

  /**
   * {@return a prompt without an answer (the distillation input): system prompt (may be empty),
   * user turn}
   *
   * @param systemPrompt the system prompt; empty for none
   * @param userPrompt the user's turn
   */
  public static Conversation prompt(String systemPrompt, String userPrompt) {
    return new Conversation(systemBlocks(systemPrompt), List.of(Message.user(userPrompt)));
  }

  private static List<TextBlock> systemBlocks(String systemPrompt) {
    return systemPrompt == null || systemPrompt.isEmpty()
        ? List.of()
        : List.of(new TextBlock(systemPrompt));
  }

  /** {@return the system blocks joined by newlines; empty when there is none} */
  public String systemText() {
    return system.stream().map(TextBlock::text).collect(Collectors.joining("\n"));
  }

  /** {@return the text of the first user message, if any} */
  public Optional<String> firstUserText() {
    return messages.stream().filter(m -> m.role() == Role.USER).findFirst().map(Message::text);
  }

  /** {@return the text of the last assistant message, if any} */
  public Optional<String> lastAssistantText() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() == Role.ASSISTANT) {
        return Optional.of(messages.get(i).text());
      }
    }
    return Optional.empty();
  }

  /** {@return this conversation without its trailing assistant turn (what a teacher is asked)} */
  public Conversation withoutFinalAnswer() {
    if (!messages.isEmpty() && messages.get(messages.size() - 1).role() == Role.ASSISTANT) {
      return new Conversation(system, messages.subList(0, messages.size() - 1));
    }
    return this;
  }
}
