package app.polychat.finetune.polychat.internal;

import app.polychat.finetune.source.SourceCancelledException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The "run is stopping" flag of one source: once set, calls still waiting (for a rate limit, a free
 * slot or a retry) give up before anything is sent. Not public API.
 */
public final class Cancellation {
  private final AtomicBoolean cancelled = new AtomicBoolean();

  public void cancel() {
    cancelled.set(true);
  }

  public boolean cancelled() {
    return cancelled.get();
  }

  /** Throws when cancelled, naming what the call was waiting for. */
  public void throwIfCancelled(String waitingFor) {
    if (cancelled.get()) {
      throw new SourceCancelledException(
          "not sent: the run is stopping (the call was waiting for the " + waitingFor + ")");
    }
  }
}
