package app.polychat.finetune.cli;

import app.polychat.finetune.FineTunePipeline;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * While open, Ctrl-C (or a SIGTERM) stops a pipeline's generation gracefully: no new requests,
 * calls in flight are journaled, and the JVM waits (up to a minute) for the command to print how to
 * resume before it exits.
 */
final class StopOnCtrlC implements AutoCloseable {
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  StopOnCtrlC(FineTunePipeline pipeline) {
    this.hook =
        new Thread(
            () -> {
              pipeline.stopGenerating("interrupted (Ctrl-C)");
              try {
                finished.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "finetune-ctrl-c");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it was waiting for the latch released above
    }
  }
}
