package app.polychat.finetune.track;

/** Runs the {@link RunTrackerContract} against the in-memory tracker. */
class InMemoryRunTrackerTest extends RunTrackerContract {
  @Override
  protected RunTracker newTracker() {
    return new InMemoryRunTracker();
  }
}
