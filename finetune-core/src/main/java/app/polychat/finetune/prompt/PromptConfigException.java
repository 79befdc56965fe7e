package app.polychat.finetune.prompt;

import app.polychat.finetune.support.FineTuneException;

/**
 * The prompt config is missing, malformed, or asked for styles or complexities it does not have.
 */
public class PromptConfigException extends FineTuneException {
  private static final long serialVersionUID = 1L;

  public PromptConfigException(String message) {
    super(message);
  }

  public PromptConfigException(String message, Throwable cause) {
    super(message, cause, false);
  }
}
