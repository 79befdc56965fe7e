package app.polychat.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a person sees from the real entry point: no library log lines unless asked for. */
class CommandOutputTest {
  /** slf4j-simple's layout, {@code [thread] LEVEL logger - message}, and the usual others. */
  private static final Pattern LOG_LINE =
      Pattern.compile(
          "^(\\[[^\\]]+\\] )?(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|SEVERE) [\\w.$]+( -|:) .*"
              + "|^\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d.*\\b(INFO|WARN|DEBUG|ERROR)\\b.*");

  @TempDir Path dir;

  @Test
  void noCommandPrintsALogFormattedLine() throws Exception {
    List<String[]> commands =
        List.of(
            new String[] {"--help"},
            new String[] {"pipeline", "run", "--count", "12"},
            new String[] {"dataset", "validate", "--train", "datasets/strudel/train.jsonl"},
            new String[] {"dataset", "stats", "datasets/strudel/validation.jsonl"},
            new String[] {"report", "dataset", "datasets/strudel", "--output", "r.html"},
            new String[] {"cost", "estimate", "--train", "datasets/strudel/train.jsonl"},
            new String[] {"config", "show"},
            new String[] {"job", "list", "--local"},
            new String[] {"dataset", "generate", "--samples", "--count", "12", "--output", "d2"});
    for (String[] args : commands) {
      ForkedCli.Result result = ForkedCli.run(dir, args);
      assertThat(result.output().lines().filter(l -> LOG_LINE.matcher(l).matches()))
          .as(
              "log lines in the output of finetune %s:%n%s",
              String.join(" ", args), result.output())
          .isEmpty();
    }
    assertThat(Files.exists(dir.resolve("r.html"))).isTrue();
  }

  @Test
  void logLevel_showsTheLibrariesLogLinesWhenAskedFor() throws Exception {
    ForkedCli.run(dir, "pipeline", "run", "--count", "12");
    ForkedCli.Result traced = ForkedCli.run(dir, "--log-level", "trace", "job", "list", "--local");
    assertThat(traced.output().lines().filter(l -> LOG_LINE.matcher(l).matches())).isNotEmpty();
  }

  @Test
  void logLevel_fromTheArguments() {
    assertThat(LogLevel.fromArgs(new String[] {"job", "list"})).isEqualTo("off");
    assertThat(LogLevel.fromArgs(new String[] {"--verbose", "job", "list"})).isEqualTo("info");
    assertThat(LogLevel.fromArgs(new String[] {"job", "--log-level", "DEBUG"})).isEqualTo("debug");
    assertThat(LogLevel.fromArgs(new String[] {"--log-level=warn", "--verbose"})).isEqualTo("warn");
    assertThat(LogLevel.fromArgs(new String[] {"--", "--verbose"})).isEqualTo("off");
  }
}
