package app.polychat.finetune.polychat.internal;

import app.polychat.finetune.source.SourceException;

/**
 * A request that failed on this side, before or without a teacher call: a rate-limit or slot wait
 * that would take too long, an open circuit, an interruption. Never retried in place, never counted
 * as a failure of the API. Not public API.
 */
final class LocalFailureException extends SourceException {
  private static final long serialVersionUID = 1L;

  LocalFailureException(String message, Throwable cause, boolean retryable) {
    super(message, cause, retryable, 0, null);
  }
}
