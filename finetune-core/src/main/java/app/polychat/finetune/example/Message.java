package app.polychat.finetune.example;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** One turn of a conversation. */
public record Message(Role role, List<ContentBlock> content) {
  /**
   * Checks that the role is given and copies the content.
   *
   * @param role who speaks
   * @param content the turn's content blocks
   * @throws NullPointerException when {@code role} or {@code content} is null
   */
  public Message {
    Objects.requireNonNull(role, "role");
    content = List.copyOf(Objects.requireNonNull(content, "content"));
  }

  /**
   * A user turn with one text block.
   *
   * @param text the user's text
   * @return the message
   */
  public static Message user(String text) {
    return new Message(Role.USER, List.of(new TextBlock(text)));
  }

  /**
   * An assistant turn with one text block.
   *
   * @param text the assistant's text
   * @return the message
   */
  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, List.of(new TextBlock(text)));
  }

  /** {@return the text blocks joined by newlines (non-text blocks are skipped)} */
  public String text() {
    return content.stream()
        .filter(TextBlock.class::isInstance)
        .map(block -> ((TextBlock) block).text())
        .collect(Collectors.joining("\n"));
  }
}
