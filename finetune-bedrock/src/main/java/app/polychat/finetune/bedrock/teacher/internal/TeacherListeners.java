package app.polychat.finetune.bedrock.teacher.internal;

import app.polychat.finetune.bedrock.teacher.TeacherListener;
import app.polychat.finetune.source.GenerationRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to the registered listeners; a listener that throws is logged and skipped, so a
 * front end's bug never fails a paid call. Not public API.
 */
public final class TeacherListeners implements TeacherListener {
  private static final Logger LOG = LoggerFactory.getLogger(TeacherListeners.class);
  private final List<TeacherListener> listeners;

  public TeacherListeners(List<TeacherListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  private void each(String event, Consumer<TeacherListener> call) {
    for (TeacherListener listener : listeners) {
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
  public void onCircuitOpen(int consecutiveFailures, String lastFailure) {
    each("onCircuitOpen", l -> l.onCircuitOpen(consecutiveFailures, lastFailure));
  }

  @Override
  public void onBatchJobStarted(String jobArn, int records, boolean reattached) {
    each("onBatchJobStarted", l -> l.onBatchJobStarted(jobArn, records, reattached));
  }

  @Override
  public void onBatchJobStatus(String jobArn, String status, long processed, long total) {
    each("onBatchJobStatus", l -> l.onBatchJobStatus(jobArn, status, processed, total));
  }

  @Override
  public void onBatchJobCollected(String jobArn, int answered, int failed) {
    each("onBatchJobCollected", l -> l.onBatchJobCollected(jobArn, answered, failed));
  }
}
