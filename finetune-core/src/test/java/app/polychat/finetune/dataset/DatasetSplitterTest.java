package app.polychat.finetune.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetSplitterTest {
  static List<String> strata(int n, int groups) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add("s" + (i % groups));
    }
    return keys;
  }

  @Test
  void split_of300Is240And60LikeTheOriginalToolkit() {
    BitSet validation = DatasetSplitter.of(0.8, 42).validationSet(strata(300, 18));
    assertThat(validation.cardinality()).isEqualTo(60);
  }

  @Test
  void split_isDeterministicForASeedAndDiffersAcrossSeeds() {
    List<String> keys = strata(300, 18);
    assertThat(DatasetSplitter.of(0.8, 7).validationSet(keys))
        .isEqualTo(DatasetSplitter.of(0.8, 7).validationSet(keys));
    assertThat(DatasetSplitter.of(0.8, 7).validationSet(keys))
        .isNotEqualTo(DatasetSplitter.of(0.8, 8).validationSet(keys));
  }

  @Test
  void split_putsEveryStratumOnBothSides() {
    List<String> keys = strata(54, 18); // three per stratum: 20% would round to 0 in each
    BitSet validation = DatasetSplitter.of(0.8, 1).validationSet(keys);
    assertThat(validation.cardinality()).isEqualTo(11);
    for (int group = 0; group < 18; group++) {
      int inValidation = 0;
      int inTrain = 0;
      for (int i = group; i < 54; i += 18) {
        if (validation.get(i)) {
          inValidation++;
        } else {
          inTrain++;
        }
      }
      assertThat(inTrain).as("stratum %s in train", group).isPositive();
      if (group < 11) {
        assertThat(inValidation + inTrain).isEqualTo(3);
      }
    }
  }

  @Test
  void split_keepsStrataBalancedWhenTheyCan() {
    List<String> keys = strata(180, 18);
    BitSet validation = DatasetSplitter.of(0.8, 3).validationSet(keys);
    for (int group = 0; group < 18; group++) {
      int inValidation = 0;
      for (int i = group; i < 180; i += 18) {
        inValidation += validation.get(i) ? 1 : 0;
      }
      assertThat(inValidation).isEqualTo(2);
    }
  }

  @Test
  void split_withRatioOneHasNoValidation() {
    assertThat(DatasetSplitter.of(1.0, 1).validationSet(strata(50, 5)).isEmpty()).isTrue();
    assertThatThrownBy(() -> DatasetSplitter.of(0, 1)).hasMessageContaining("0.8 means 80%");
  }
}
