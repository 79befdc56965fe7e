package app.polychat.finetune.teacher;

import app.polychat.finetune.source.SourceCancelledException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * "The run is stopping" for one source. A call takes a {@link Ticket} when it starts; {@link
 * #cancel()} voids every ticket taken before it, so calls still waiting (for a rate limit, a free
 * slot or a retry) give up before anything is sent, while calls that start afterwards (a resumed
 * run in the same process) go ahead. Not public API.
 */
final class Cancellation {
  private final AtomicLong epoch = new AtomicLong();

  /** Voids the tickets of every call started so far. */
  public void cancel() {
    epoch.incrementAndGet();
  }

  /** A ticket for a call starting now. */
  public Ticket ticket() {
    return new Ticket(epoch.get());
  }

  /** One call's claim to be sent. */
  public final class Ticket {
    private final long issuedIn;

    private Ticket(long issuedIn) {
      this.issuedIn = issuedIn;
    }

    public boolean cancelled() {
      return epoch.get() != issuedIn;
    }

    /** Throws when the run stopped since the call began, naming what the call was waiting for. */
    public void throwIfCancelled(String waitingFor) {
      if (cancelled()) {
        throw new SourceCancelledException(
            "not sent: the run is stopping (the call was waiting for the " + waitingFor + ")");
      }
    }
  }
}
