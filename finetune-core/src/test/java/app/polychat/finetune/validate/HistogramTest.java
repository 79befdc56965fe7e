package app.polychat.finetune.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.validate.internal.IntHistogram;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistogramTest {
  private static IntHistogram values(int exactLimit, int... values) {
    IntHistogram h = new IntHistogram(exactLimit);
    for (int v : values) {
      h.add(v);
    }
    return h;
  }

  @Test
  void of_choosesARoundWidthAndCountsEveryValueInItsBin() {
    Histogram h = Histogram.of(values(10_000, 1712, 1718, 1725, 1760, 1799, 1801, 2172), 30);
    assertThat(h.binWidth()).isEqualTo(20); // 1,700..2,180 in at most 30 bins of 1, 2, 5, 10, 20...
    assertThat(h.start()).isEqualTo(1700);
    assertThat(h.bins()).isEqualTo(24);
    assertThat(h.total()).isEqualTo(7);
    assertThat(h.counts().get(0)).isEqualTo(2); // 1712, 1718
    assertThat(h.counts().get(1)).isEqualTo(1); // 1725
    assertThat(h.counts().get(3)).isEqualTo(1); // 1760
    assertThat(h.counts().get(4)).isEqualTo(1); // 1799
    assertThat(h.counts().get(5)).isEqualTo(1); // 1801
    assertThat(h.counts().get(23)).isEqualTo(1); // 2172
    assertThat(h.lowerBound(23)).isEqualTo(2160);
    assertThat(h.upperBound(23)).isEqualTo(2180);
  }

  @Test
  void of_smallRanges_useOneValuePerBin() {
    Histogram h = Histogram.of(values(100, 3, 3, 5), 30);
    assertThat(h.binWidth()).isEqualTo(1);
    assertThat(h.counts()).containsExactly(2L, 0L, 1L);
  }

  @Test
  void valuesPastTheExactRange_landInTheLastBin() {
    Histogram h = Histogram.of(values(1000, 10, 500, 5_000, 7_000), 30);
    assertThat(h.total()).isEqualTo(4);
    assertThat(h.counts().get(h.bins() - 1)).isEqualTo(2);
  }

  @Test
  void empty_hasNoBins() {
    assertThat(Histogram.of(new IntHistogram(10), 30)).isEqualTo(Histogram.EMPTY);
    assertThat(Histogram.EMPTY.maxCount()).isZero();
  }

  @Test
  void roundWidth_staysWithinTheBinLimitForAnyRange() {
    for (int max : new int[] {0, 9, 29, 30, 31, 99, 1_000, 131_071, Integer.MAX_VALUE}) {
      int width = Histogram.roundWidth(0, max, 30);
      assertThat((long) max / width + 1).as("max %d width %d", max, width).isLessThanOrEqualTo(30);
    }
  }

  @Test
  void invalidBins_areRefused() {
    assertThatThrownBy(() -> new Histogram(0, 0, List.of())).hasMessageContaining("binWidth");
  }

  @Test
  void validator_keepsTheHistogramOfEstimatedTokens() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("train", ".jsonl");
    try {
      String record =
          "{\"schemaVersion\":\"bedrock-conversation-2024\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"%s\"}]},{\"role\":\"assistant\",\"content\":[{\"text\":\"ok\"}]}]}";
      java.nio.file.Files.write(
          file,
          List.of(
              String.format(record, "short"),
              String.format(record, "a somewhat longer question with more words in it"),
              String.format(record, "word ".repeat(200))));
      DatasetStatistics stats = DatasetValidator.builder().build().validate(file).training();
      Histogram h = stats.tokenHistogram();
      assertThat(h.total()).isEqualTo(3);
      assertThat(h.lowerBound(0)).isLessThanOrEqualTo(stats.tokens().min());
      assertThat(h.upperBound(h.bins() - 1)).isGreaterThan(stats.tokens().max());
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }
}
