package app.polychat.finetune.bedrock.teacher.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexRangesTest {

  @Test
  void of_writesRunsOfPositionsCompactlyAndReadsThemBack() {
    IndexRanges ranges = IndexRanges.of(List.of(0, 1, 2, 3, 7, 9, 10, 11));
    assertThat(ranges).hasToString("0-3,7,9-11");
    IndexRanges read = IndexRanges.parse(ranges.toString());
    assertThat(read.size()).isEqualTo(8);
    assertThat(List.of(0, 3, 7, 9, 11)).allSatisfy(i -> assertThat(read.contains(i)).isTrue());
    assertThat(List.of(-1, 4, 6, 8, 12)).allSatisfy(i -> assertThat(read.contains(i)).isFalse());
  }

  @Test
  void aWholePlanIsOneRangeHoweverLarge() {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      positions.add(i);
    }
    assertThat(IndexRanges.of(positions)).hasToString("0-49999");
    assertThat(IndexRanges.parse("").size()).isZero();
  }

  @Test
  void rejectsPositionsOutOfOrderAndTextThatIsNotRanges() {
    assertThatThrownBy(() -> IndexRanges.of(List.of(3, 2))).hasMessageContaining("must ascend");
    assertThatThrownBy(() -> IndexRanges.parse("5-2")).hasMessageContaining("ascend");
    assertThatThrownBy(() -> IndexRanges.parse("1-3,2")).hasMessageContaining("ascend");
    assertThatThrownBy(() -> IndexRanges.parse("a-b")).hasMessageContaining("'a-b'");
  }
}
