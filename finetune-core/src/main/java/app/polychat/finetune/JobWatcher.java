package app.polychat.finetune;

import app.polychat.finetune.job.CustomizationBackend;
import app.polychat.finetune.job.JobStatus;
import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.track.RunTracker;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a job until it ends. Bedrock has no waiters and no events: the watcher asks every {@link
 * Builder#interval interval}, backs off (doubling, up to ten minutes) while the service throttles
 * or fails transiently, records every status it sees in the tracker, and tells the listener about
 * each change. Watching is stateless, so a restarted process resumes by calling {@link #await} with
 * the same job id.
 *
 * <pre>{@code
 * JobStatus end = JobWatcher.builder().backend(backend).tracker(tracker)
 *     .interval(Duration.ofSeconds(30)).build()
 *     .await(jobArn, Duration.ofHours(4), status -> System.out.println(status.state()));
 * }</pre>
 */
public final class JobWatcher {
  private static final Logger log = LoggerFactory.getLogger(JobWatcher.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

  private final CustomizationBackend backend;
  private final RunTracker tracker;
  private final Duration interval;
  private final Sleeper sleeper;

  /** How the watcher waits; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Waits for {@code duration}.
     *
     * @param duration how long to wait
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
  }

  private JobWatcher(Builder b) {
    this.backend = Objects.requireNonNull(b.backend, "backend is required: call backend(...)");
    this.tracker = b.tracker;
    this.interval = b.interval;
    this.sleeper = b.sleeper;
  }

  /**
   * Starts building a watcher.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Watches until the job reaches a terminal state or the timeout passes.
   *
   * @param listener called with the first status and each one that differs from the previous
   * @param jobId the job's id or ARN
   * @param timeout how long to watch at most
   * @return the last status seen (terminal unless the timeout passed)
   * @throws FineTuneException when the backend fails with an error that retrying cannot fix
   */
  public JobStatus await(String jobId, Duration timeout, Consumer<JobStatus> listener) {
    Objects.requireNonNull(jobId, "jobId");
    Instant deadline = Instant.now().plus(timeout);
    JobStatus last = null;
    Duration wait = interval;
    while (true) {
      JobStatus status;
      try {
        status = backend.describe(jobId);
        wait = interval;
      } catch (FineTuneException e) {
        if (!e.retryable()) {
          throw e;
        }
        wait = min(wait.multipliedBy(2), MAX_BACKOFF);
        log.warn("describing {} failed ({}); trying again in {}", jobId, e.getMessage(), wait);
        if (!sleepUntil(deadline, wait)) {
          return last;
        }
        continue;
      }
      if (!status.equals(last)) {
        if (tracker != null) {
          tracker.recordJobStatus(status);
        }
        listener.accept(status);
        last = status;
      }
      if (status.state().terminal() || !sleepUntil(deadline, wait)) {
        return last;
      }
    }
  }

  private boolean sleepUntil(Instant deadline, Duration wait) {
    Duration left = Duration.between(Instant.now(), deadline);
    if (left.isNegative() || left.isZero()) {
      return false;
    }
    try {
      sleeper.sleep(min(wait, left));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FineTuneException("stopped watching: interrupted", e);
    }
    return true;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Builds a {@link JobWatcher}. */
  public static final class Builder {
    private CustomizationBackend backend;
    private RunTracker tracker;
    private Duration interval = Duration.ofSeconds(30);
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

    private Builder() {}

    /**
     * The backend the job runs on (required).
     *
     * @param backend the backend
     * @return this builder
     */
    public Builder backend(CustomizationBackend backend) {
      this.backend = backend;
      return this;
    }

    /**
     * Where status changes are recorded; optional.
     *
     * @param tracker where status changes are recorded; optional
     * @return this builder
     */
    public Builder tracker(RunTracker tracker) {
      this.tracker = tracker;
      return this;
    }

    /**
     * Time between polls (default 30 s, as the original toolkit).
     *
     * @param interval time between polls (default 30 s, as the original toolkit)
     * @return this builder
     */
    public Builder interval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval must be positive, was " + interval);
      }
      this.interval = interval;
      return this;
    }

    /**
     * How the watcher waits between polls (default: {@code Thread.sleep}).
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Builds the watcher.
     *
     * @return the watcher
     * @throws NullPointerException when no backend was given
     */
    public JobWatcher build() {
      return new JobWatcher(this);
    }
  }
}
