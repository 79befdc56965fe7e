package app.polychat.finetune.polychat.internal;

import app.polychat.finetune.polychat.SourceListener;
import app.polychat.finetune.source.GenerationRequest;
import app.polychat.finetune.source.RateStatus;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to the registered listeners; a listener that throws is logged and skipped, so a
 * front end's bug never fails a paid call. Not public API.
 */
public final class Listeners implements SourceListener {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
  private final List<SourceListener> listeners;

  public Listeners(List<SourceListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void onRetry(GenerationRequest request, int failedAttempt, Duration wait, String reason) {
    for (SourceListener listener : listeners) {
      try {
        listener.onRetry(request, failedAttempt, wait, reason);
      } catch (RuntimeException e) {
        LOG.warn("listener {} failed on onRetry: {}", listener.getClass().getName(), e.toString());
      }
    }
  }

  @Override
  public void onRateLimited(GenerationRequest request, Duration wait, String limit) {
    for (SourceListener listener : listeners) {
      try {
        listener.onRateLimited(request, wait, limit);
      } catch (RuntimeException e) {
        LOG.warn(
            "listener {} failed on onRateLimited: {}", listener.getClass().getName(), e.toString());
      }
    }
  }

  @Override
  public void onRateChanged(RateStatus status) {
    for (SourceListener listener : listeners) {
      try {
        listener.onRateChanged(status);
      } catch (RuntimeException e) {
        LOG.warn(
            "listener {} failed on onRateChanged: {}", listener.getClass().getName(), e.toString());
      }
    }
  }

  @Override
  public void onCircuitOpen(int consecutiveFailures, String lastFailure) {
    for (SourceListener listener : listeners) {
      try {
        listener.onCircuitOpen(consecutiveFailures, lastFailure);
      } catch (RuntimeException e) {
        LOG.warn(
            "listener {} failed on onCircuitOpen: {}", listener.getClass().getName(), e.toString());
      }
    }
  }
}
