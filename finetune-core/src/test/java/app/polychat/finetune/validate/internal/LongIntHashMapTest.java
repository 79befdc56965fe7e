package app.polychat.finetune.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntHashMapTest {

  @Test
  void putIfAbsent_keepsTheFirstValueAndGrows() {
    LongIntHashMap map = new LongIntHashMap(4, 1_000_000);
    Map<Long, Integer> reference = new HashMap<>();
    Random random = new Random(1);
    for (int i = 0; i < 100_000; i++) {
      long key = random.nextInt(50_000) * 0x9E3779B97F4A7C15L;
      int previous = map.putIfAbsent(key, i);
      Integer expected = reference.putIfAbsent(key, i);
      assertThat(previous).isEqualTo(expected == null ? LongIntHashMap.ABSENT : expected);
    }
    assertThat(map.size()).isEqualTo(reference.size());
    reference.forEach((k, v) -> assertThat(map.get(k)).isEqualTo(v));
  }

  @Test
  void putIfAbsent_handlesTheZeroKey() {
    LongIntHashMap map = new LongIntHashMap(16, 10);
    assertThat(map.get(0)).isEqualTo(LongIntHashMap.ABSENT);
    assertThat(map.putIfAbsent(0, 7)).isEqualTo(LongIntHashMap.ABSENT);
    assertThat(map.putIfAbsent(0, 8)).isEqualTo(7);
    assertThat(map.get(0)).isEqualTo(7);
    assertThat(map.size()).isEqualTo(1);
  }

  @Test
  void putIfAbsent_stopsAddingAtTheLimitButStillFindsOldKeys() {
    LongIntHashMap map = new LongIntHashMap(16, 3);
    map.putIfAbsent(11, 1);
    map.putIfAbsent(22, 2);
    map.putIfAbsent(33, 3);
    assertThat(map.full()).isTrue();
    assertThat(map.putIfAbsent(44, 4)).isEqualTo(LongIntHashMap.ABSENT);
    assertThat(map.get(44)).isEqualTo(LongIntHashMap.ABSENT);
    assertThat(map.putIfAbsent(22, 9)).isEqualTo(2);
    assertThat(map.size()).isEqualTo(3);
  }
}
