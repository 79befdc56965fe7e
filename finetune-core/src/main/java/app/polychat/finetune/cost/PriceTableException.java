package app.polychat.finetune.cost;

import app.polychat.finetune.support.FineTuneException;

/** A price table that cannot be read, or that lacks a price an estimate needs. */
public class PriceTableException extends FineTuneException {
  private static final long serialVersionUID = 1L;

  /**
   * A problem described by {@code message}, which names the file and the field.
   *
   * @param message what is wrong, naming the file and the field
   */
  public PriceTableException(String message) {
    super(message);
  }

  /**
   * A problem described by {@code message}, caused by {@code cause}.
   *
   * @param message what is wrong, naming the file and the field
   * @param cause the underlying failure, such as a JSON parse error
   */
  public PriceTableException(String message, Throwable cause) {
    super(message, cause);
  }
}
