package app.polychat.finetune.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntHistogramTest {

  @Test
  void percentile_usesTheNearestRank() {
    IntHistogram h = new IntHistogram(1000);
    for (int v = 1; v <= 100; v++) {
      h.add(v);
    }
    assertThat(h.count()).isEqualTo(100);
    assertThat(h.total()).isEqualTo(5050);
    assertThat(h.min()).isEqualTo(1);
    assertThat(h.max()).isEqualTo(100);
    assertThat(h.percentile(0.5)).isEqualTo(50);
    assertThat(h.percentile(0.95)).isEqualTo(95);
    assertThat(h.percentile(1.0)).isEqualTo(100);
  }

  @Test
  void percentile_reportsTheMaximumForValuesAboveTheExactRange() {
    IntHistogram h = new IntHistogram(10);
    h.add(3);
    h.add(500);
    h.add(900);
    assertThat(h.percentile(0.5)).isEqualTo(900);
    assertThat(h.percentile(0.1)).isEqualTo(3);
    assertThat(h.max()).isEqualTo(900);
  }

  @Test
  void emptyHistogram_isAllZeros() {
    IntHistogram h = new IntHistogram(10);
    assertThat(h.min()).isZero();
    assertThat(h.max()).isZero();
    assertThat(h.percentile(0.5)).isZero();
  }
}
