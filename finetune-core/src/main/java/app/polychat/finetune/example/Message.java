package app.polychat.finetune.example;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** One turn of a conversation. */
public record Message(Role role, List<ContentBlock> content) {
  public Message {
    Objects.requireNonNull(role, "role");
    content = List.copyOf(Objects.requireNonNull(content, "content"));
  }

  public static Message user(String text) {
    return new Message(Role.USER, List.of(new TextBlock(text)));
  }

  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, List.of(new TextBlock(text)));
  }

  /** The text blocks joined by newlines (non-text blocks are skipped). */
  public String text() {
    return content.stream()
        .filter(TextBlock.class::isInstance)
        .map(block -> ((TextBlock) block).text())
        .collect(Collectors.joining("\n"));
  }
}
