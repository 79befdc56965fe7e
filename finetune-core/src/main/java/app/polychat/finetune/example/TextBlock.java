package app.polychat.finetune.example;

import java.util.Objects;

/** A text content block ({@code {"text": "..."}} in Bedrock's format). */
public record TextBlock(String text) implements ContentBlock {
  public TextBlock {
    Objects.requireNonNull(text, "text");
  }
}
