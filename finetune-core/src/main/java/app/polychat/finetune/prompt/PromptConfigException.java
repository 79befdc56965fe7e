package app.polychat.finetune.prompt;

import app.polychat.finetune.support.FineTuneException;

/**
 * The prompt config is missing, malformed, or asked for styles or complexities it does not have.
 */
public class PromptConfigException extends FineTuneException {
  private static final long serialVersionUID = 1L;

  /**
   * A config problem described by {@code message}.
   *
   * @param message what is wrong, naming the file and the key
   */
  public PromptConfigException(String message) {
    super(message);
  }

  /**
   * A config problem described by {@code message}, caused by {@code cause}.
   *
   * @param message what is wrong, naming the file and the key
   * @param cause the underlying failure, such as a JSON parse error
   */
  public PromptConfigException(String message, Throwable cause) {
    super(message, cause, false);
  }
}
