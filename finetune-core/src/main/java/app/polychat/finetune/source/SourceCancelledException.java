package app.polychat.finetune.source;

/**
 * A request that was never sent because the run is stopping ({@link
 * ExampleSource#cancelPending()}): nothing was paid for, so the engine does not journal it and a
 * rerun asks for it.
 */
public class SourceCancelledException extends SourceException {
  private static final long serialVersionUID = 1L;

  /**
   * A call cancelled before it was sent.
   *
   * @param message why
   */
  public SourceCancelledException(String message) {
    super(message, null, false, 0, null);
  }
}
