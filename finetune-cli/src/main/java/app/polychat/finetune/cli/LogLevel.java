package app.polychat.finetune.cli;

import java.util.Locale;
import java.util.Set;

/**
 * The libraries' log level for one run of the command line. Command output is for people, so the
 * libraries' log lines ({@code [main] INFO ...}) are off unless asked for: {@code --verbose} shows
 * them from info, {@code --log-level LEVEL} from any level, and a {@code
 * -Dorg.slf4j.simpleLogger.defaultLogLevel} given to the JVM wins over both.
 */
final class LogLevel {
  static final String PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
  private static final Set<String> LEVELS =
      Set.of("trace", "debug", "info", "warn", "error", "off");

  private LogLevel() {}

  static boolean valid(String level) {
    return level != null && LEVELS.contains(level.toLowerCase(Locale.ROOT));
  }

  /** The level the arguments ask for: off unless {@code --verbose} or {@code --log-level}. */
  static String fromArgs(String[] args) {
    String level = "off";
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if ("--".equals(arg)) {
        break;
      }
      if ("--verbose".equals(arg) && "off".equals(level)) {
        level = "info";
      } else if ("--log-level".equals(arg) && i + 1 < args.length && valid(args[i + 1])) {
        level = args[++i].toLowerCase(Locale.ROOT);
      } else if (arg.startsWith("--log-level=") && valid(arg.substring(12))) {
        level = arg.substring(12).toLowerCase(Locale.ROOT);
      }
    }
    return level;
  }

  /** Sets slf4j-simple's level from the arguments unless the JVM was given one. */
  static void configure(String[] args) {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, fromArgs(args));
    }
  }
}
