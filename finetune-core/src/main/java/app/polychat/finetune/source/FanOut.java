package app.polychat.finetune.source;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link SourceListener#all}: each event to every listener, a throwing one logged and skipped. */
final class FanOut implements SourceListener {
  private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);
  private final List<SourceListener> listeners;

  FanOut(List<? extends SourceListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  private void each(String event, Consumer<SourceListener> call) {
    for (SourceListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn(
            "listener {} failed on {}: {}", listener.getClass().getName(), event, e.toString());
      }
    }
  }

  @Override
  public void onRetry(GenerationRequest request, int failedAttempt, Duration wait, String reason) {
    each("onRetry", l -> l.onRetry(request, failedAttempt, wait, reason));
  }

  @Override
  public void onRateLimited(GenerationRequest request, Duration wait, String limit) {
    each("onRateLimited", l -> l.onRateLimited(request, wait, limit));
  }

  @Override
  public void onRateChanged(RateStatus status) {
    each("onRateChanged", l -> l.onRateChanged(status));
  }

  @Override
  public void onCircuitOpen(int consecutiveFailures, String lastFailure) {
    each("onCircuitOpen", l -> l.onCircuitOpen(consecutiveFailures, lastFailure));
  }

  @Override
  public void onBulkJobStarted(String jobId, int records, boolean reattached) {
    each("onBulkJobStarted", l -> l.onBulkJobStarted(jobId, records, reattached));
  }

  @Override
  public void onBulkJobStatus(String jobId, String status, long processed, long total) {
    each("onBulkJobStatus", l -> l.onBulkJobStatus(jobId, status, processed, total));
  }

  @Override
  public void onBulkJobCollected(String jobId, int answered, int failed) {
    each("onBulkJobCollected", l -> l.onBulkJobCollected(jobId, answered, failed));
  }
}
