package app.polychat.finetune.polychat.internal;

/**
 * A successful HTTP answer whose body is not what the protocol expects (not JSON, a field missing,
 * an empty answer). Turned into a non-retryable {@code SourceException} with the response status by
 * {@link HttpFailures}. Not public API.
 */
public final class AnswerFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AnswerFormatException(String reason) {
    super(reason, null, false, false);
  }
}
