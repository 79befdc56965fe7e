package app.polychat.finetune.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SvgTest {
  @Test
  void escape_coversMarkupQuotesAndControlCharacters() {
    assertThat(Html.escape("<a href='x'>\"&\"</a>"))
        .isEqualTo("&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;");
    assertThat(Html.escape("a\u0000b\u001bc\td\ne")).isEqualTo("abc\td\ne");
    assertThat(Html.escape(null)).isEmpty();
    String plain = "nothing to escape";
    assertThat(Html.escape(plain)).isSameAs(plain);
  }

  @Test
  void axis_hasRoundTicksCoveringTheData() {
    Svg.Axis axis = Svg.Axis.of(0.337, 2.281, 6, false);
    assertThat(axis.lo()).isEqualTo(0.0);
    assertThat(axis.hi()).isEqualTo(2.5);
    assertThat(axis.ticks()).containsExactly(0.0, 0.5, 1.0, 1.5, 2.0, 2.5);
    assertThat(axis.label(1.5)).isEqualTo("1.5");
    Svg.Axis counts = Svg.Axis.of(0, 7, 5, true);
    assertThat(counts.ticks()).allMatch(t -> t == Math.rint(t));
    assertThat(counts.label(2.0)).isEqualTo("2");
    assertThat(Svg.Axis.of(5, 5, 5, false).hi()).isGreaterThan(5); // a flat line still has a range
  }

  @Test
  void coordinates_useOneDecimalWhateverTheLocale() {
    assertThat(Svg.n(12.0)).isEqualTo("12");
    assertThat(Svg.n(12.345)).isEqualTo("12.3");
    assertThat(Svg.n(-0.46)).isEqualTo("-0.5");
    assertThat(Svg.n(-1.5)).isEqualTo("-1.5");
    assertThat(Svg.n(Double.NaN)).isEqualTo("0");
  }

  @Test
  void lineChart_breaksTheLineAtMissingValues() {
    String svg =
        Svg.lineChart(
            "c",
            "t",
            "x",
            "y",
            List.of(
                new Svg.Series(
                    "s",
                    Svg.BLUE,
                    List.of(
                        new Svg.Point(1, 1, "a"),
                        new Svg.Point(2, 2, "b"),
                        new Svg.Point(3, Double.NaN, "gap"),
                        new Svg.Point(4, 1, "c")),
                    false)),
            List.of(),
            400,
            200);
    String d = svg.substring(svg.indexOf(" d=\"") + 4, svg.indexOf('"', svg.indexOf(" d=\"") + 4));
    assertThat(d.chars().filter(ch -> ch == 'M').count()).isEqualTo(2);
    assertThat(d.chars().filter(ch -> ch == 'L').count()).isEqualTo(1);
  }

  @Test
  void heatMap_shadesByCountAndEscapesLabels() {
    String svg =
        Svg.heatMap(
            "h", "t", List.of("<rock>"), List.of("simple", "hard"), new long[][] {{0, 4}}, null);
    assertThat(svg).contains("&lt;rock&gt;").doesNotContain("<rock>");
    assertThat(svg).contains("fill=\"" + Svg.shade(1.0) + "\"");
    assertThat(svg).contains("<title>all records: 4</title>");
  }

  @Test
  void timeStep_givesAFewTicksForAnySpan() {
    for (Duration span :
        List.of(
            Duration.ofSeconds(20),
            Duration.ofMinutes(40),
            Duration.ofHours(5),
            Duration.ofDays(9))) {
      long step = Svg.timeStep(span.toMillis());
      assertThat(span.toMillis() / step).as(span.toString()).isBetween(1L, 8L);
    }
  }
}
