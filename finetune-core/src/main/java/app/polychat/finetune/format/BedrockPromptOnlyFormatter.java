package app.polychat.finetune.format;

import app.polychat.finetune.example.Conversation;
import app.polychat.finetune.example.Message;
import java.util.List;

/**
 * Prompts without answers, {@code bedrock-prompt-only}: Bedrock's conversation schema with the
 * system prompt and the user turn only. This is the input of a distillation job, where Bedrock's
 * teacher writes the answers.
 */
public final class BedrockPromptOnlyFormatter extends BedrockConversationFormatter {
  /** The format id, {@value}. */
  public static final String FORMAT_ID = "bedrock-prompt-only";

  @Override
  public String formatId() {
    return FORMAT_ID;
  }

  @Override
  List<Message> messagesToWrite(Conversation conversation) {
    return conversation.withoutFinalAnswer().messages();
  }
}
