package app.polychat.finetune.strudel;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether {@code unshare -rn} (an empty network namespace, no root needed) works here. */
final class NetworkNamespace {
  private static volatile Boolean available;

  private NetworkNamespace() {}

  static boolean available() {
    Boolean a = available;
    if (a == null) {
      a = probe();
      available = a;
    }
    return a;
  }

  private static boolean probe() {
    try {
      Process p =
          new ProcessBuilder("unshare", "-rn", "true")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
