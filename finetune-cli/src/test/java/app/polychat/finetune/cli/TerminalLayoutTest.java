package app.polychat.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.generate.GenerationProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress lines, help and output fitted to a terminal's width. */
class TerminalLayoutTest {

  @Test
  void statusLine_dropsTheLeastImportantFieldsFirstAndNeverExceedsTheWidth() {
    StatusLine line =
        new StatusLine()
            .bar(0.5, 5)
            .add("150/300", 10)
            .add("42/min", 8)
            .add("ETA 3m34s", 9)
            .add("held by server 429s", 7)
            .add("~1,234,567 tokens", 1)
            .add("5m02s elapsed", 2);
    String wide = line.fit(200);
    assertThat(wide).startsWith("[################").contains("tokens").contains("elapsed");
    String eighty = line.fit(80);
    assertThat(eighty.length()).isLessThanOrEqualTo(79);
    assertThat(eighty).contains("150/300", "ETA 3m34s", "held by server 429s");
    String forty = line.fit(40);
    assertThat(forty.length()).isLessThanOrEqualTo(39);
    assertThat(forty).contains("150/300", "ETA 3m34s").doesNotContain("tokens", "elapsed");
    assertThat(line.fit(12)).isEqualTo("150/300");
    assertThat(line.plain()).doesNotContain("[").contains("tokens");
  }

  @Test
  void progress_neverShowsALowerCountThanItShowedBefore() {
    StringWriter text = new StringWriter();
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text, true), false, () -> 80, 8);
    // parallel calls report out of order: 3 of 30 arrives before 2 of 30
    printer.succeeded(null, progress(30, 3));
    printer.succeeded(null, progress(30, 2));
    printer.succeeded(null, progress(30, 30));
    List<String> lines = text.toString().lines().toList();
    assertThat(lines).noneMatch(l -> l.startsWith("2/30"));
    assertThat(lines.get(0)).startsWith("3/30");
    assertThat(lines.get(lines.size() - 1)).startsWith("30/30");
  }

  @Test
  void progress_onATerminal_redrawsOneFittedLine() {
    StringWriter text = new StringWriter();
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text, true), true, () -> 60, 8);
    printer.succeeded(null, progress(300, 10));
    printer.succeeded(null, progress(300, 300));
    for (String segment : text.toString().split("[\r\n]")) {
      assertThat(segment.replaceAll("\u001B\\[K", "").length()).isLessThanOrEqualTo(59);
    }
    assertThat(text.toString()).startsWith("\r[").contains("300/300");
  }

  @Test
  void recentRate_followsTheLastMinuteNotTheWholeRun() {
    RecentRate rate = new RecentRate(Duration.ofMinutes(1));
    long minute = Duration.ofMinutes(1).toNanos();
    rate.record(0, 0);
    rate.record(10 * minute, 10); // slow for ten minutes: 1 a minute
    rate.record(10 * minute + minute / 2, 40); // then 30 in half a minute
    rate.record(11 * minute, 70);
    assertThat(rate.perMinute(11 * minute, Duration.ofMinutes(11))).isBetween(59.0, 61.0);
  }

  @Test
  void helpFooter_breaksExamplesAtSpacesWithASingleBackslash() {
    List<String> lines =
        HelpLayout.footer(
            List.of(
                "",
                "Example:",
                "  finetune job create --name strudel-nova-lite-v1 --base-model"
                    + " amazon.nova-lite-v1:0:300k \\",
                "      --train s3://my-bucket/strudel/2025-11-09T12-00-00/train.jsonl --epochs 2"),
            70);
    assertThat(lines).allMatch(l -> l.length() <= 69);
    assertThat(lines).noneMatch(l -> l.endsWith("\\\\"));
    String joined = String.join(" ", lines).replace(" \\ ", " ").replaceAll(" +", " ").strip();
    assertThat(joined)
        .contains("amazon.nova-lite-v1:0:300k")
        .contains("s3://my-bucket/strudel/2025-11-09T12-00-00/train.jsonl")
        .contains("--epochs 2");
    assertThat(lines.subList(2, lines.size() - 1)).allMatch(l -> l.endsWith(" \\"));
  }

  @Test
  void help_isWrappedToTheGivenWidth() {
    for (int width : new int[] {70, 120}) {
      StringWriter out = new StringWriter();
      FinetuneCli.run(
          new String[] {"dataset", "generate", "--help"},
          java.util.Map.of("NO_COLOR", "1"),
          Path.of("."),
          new PrintWriter(out, true),
          new PrintWriter(new StringWriter(), true),
          false,
          () -> width);
      assertThat(out.toString().lines()).allMatch(l -> l.length() <= width);
      assertThat(out.toString().lines().mapToInt(String::length).max().orElse(0))
          .isGreaterThan(width - 15);
    }
  }

  @Test
  void terminalWrap_keepsWordsWholeAndIndentsContinuations() {
    List<String> lines =
        Terminal.wrap("  Generated 54 examples (54 planned, 0 resumed, 0 failed, 0 dropped)", 40);
    assertThat(lines).allMatch(l -> l.length() <= 39);
    assertThat(lines.get(1)).startsWith("    ");
    assertThat(String.join(" ", lines).replaceAll(" +", " ").strip())
        .isEqualTo("Generated 54 examples (54 planned, 0 resumed, 0 failed, 0 dropped)");
  }

  private static GenerationProgress progress(int toDo, int done) {
    return new GenerationProgress(
        toDo, 0, toDo, done, 0, 0, 1000L * done, Duration.ofSeconds(done), null);
  }
}
