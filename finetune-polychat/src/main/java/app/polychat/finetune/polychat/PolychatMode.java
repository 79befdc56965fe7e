package app.polychat.finetune.polychat;

/** Which Polychat endpoint answers the requests. */
public enum PolychatMode {
  /**
   * {@code POST {apiUrl}/apps/{app}/generate} with {@code {prompt, style, tempo, complexity, model,
   * options}}; the app holds its own system prompt and the answer is {@code code} (at the top
   * level, or inside {@code data} on older deployments). Styles and complexities must be ones the
   * app accepts. The original toolkit's mode, for the Strudel app.
   */
  APP_GENERATE,

  /**
   * {@code POST {apiUrl}/chat/completions}, OpenAI style, with the planned system and user
   * messages; the answer is {@code choices[0].message.content}. For use cases that need only a
   * prompt config.
   */
  CHAT_COMPLETIONS
}
