package app.polychat.finetune.cli;

import java.util.Map;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The width of the terminal standard error writes to, kept current when the window is resized.
 * JLine asks the terminal (an ioctl through its JNI provider) once and again on each {@code
 * SIGWINCH}, so a redraw never spawns a process. {@code COLUMNS} in the environment wins; without a
 * terminal the width is {@value #FALLBACK}.
 */
final class TerminalWidth implements IntSupplier, AutoCloseable {
  static final int FALLBACK = 80;
  private final Terminal terminal;
  private volatile int width;

  private TerminalWidth(Terminal terminal, int width) {
    this.terminal = terminal;
    this.width = width;
  }

  /** A fixed width: {@code COLUMNS} when set to a number, else {@value #FALLBACK}. */
  static IntSupplier fixed(Map<String, String> environment) {
    int columns = columns(environment);
    return () -> columns > 0 ? columns : FALLBACK;
  }

  /** The live width of the system terminal; falls back to {@link #fixed} when there is none. */
  static TerminalWidth detect(Map<String, String> environment) {
    int columns = columns(environment);
    if (columns > 0) {
      return new TerminalWidth(null, columns);
    }
    // JLine reports a missing native library or terminal through java.util.logging: keep it quiet
    Logger.getLogger("org.jline").setLevel(Level.OFF);
    try {
      Terminal terminal =
          TerminalBuilder.builder()
              .system(true)
              .systemOutput(TerminalBuilder.SystemOutput.SysErr)
              .dumb(true)
              .build();
      TerminalWidth detected = new TerminalWidth(terminal, usable(terminal.getWidth()));
      terminal.handle(
          Terminal.Signal.WINCH, signal -> detected.width = usable(terminal.getWidth()));
      return detected;
    } catch (Exception | LinkageError e) {
      return new TerminalWidth(null, FALLBACK);
    }
  }

  private static int usable(int width) {
    return width > 0 ? width : FALLBACK;
  }

  private static int columns(Map<String, String> environment) {
    String columns = environment.get("COLUMNS");
    if (columns != null && columns.strip().matches("[1-9][0-9]{0,3}")) {
      return Integer.parseInt(columns.strip());
    }
    return 0;
  }

  @Override
  public int getAsInt() {
    return width;
  }

  @Override
  public void close() {
    if (terminal != null) {
      try {
        terminal.close();
      } catch (java.io.IOException | RuntimeException ignored) {
        // the terminal is released at exit anyway
      }
    }
  }
}
