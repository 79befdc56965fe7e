package app.polychat.finetune.example;

import java.util.Objects;

/** A text content block ({@code {"text": "..."}} in Bedrock's format). */
public record TextBlock(String text) implements ContentBlock {
  /**
   * Checks that the text is given.
   *
   * @param text the text, possibly empty
   * @throws NullPointerException when {@code text} is null
   */
  public TextBlock {
    Objects.requireNonNull(text, "text");
  }
}
