package app.polychat.finetune.internal;

import app.polychat.finetune.example.Conversation;
import app.polychat.finetune.example.Message;

/**
 * Token estimates. Nova has no public tokenizer, so every count here is an estimate: about four
 * characters of English or code per token, the usual figure for BPE tokenizers, rounded up. Not
 * public API.
 */
public final class Tokens {
  private Tokens() {}

  public static int estimate(String text) {
    return text == null || text.isEmpty() ? 0 : (text.length() + 3) / 4;
  }

  public static int estimate(Conversation conversation) {
    int tokens = estimate(conversation.systemText());
    for (Message message : conversation.messages()) {
      tokens += estimate(message.text());
    }
    return tokens;
  }
}
