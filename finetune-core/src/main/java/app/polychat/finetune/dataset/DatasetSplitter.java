package app.polychat.finetune.dataset;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Splits examples into training and validation sets: deterministic for a seed, and stratified, so
 * every stratum (style × complexity) with at least two examples appears on both sides.
 *
 * <p>It works on keys only (one short string per example), never on the examples themselves, so a
 * dataset of any size can be split while its records stay on disk.
 *
 * <pre>{@code
 * BitSet validation = DatasetSplitter.of(0.8, 42).validationSet(List.of("techno|simple", ...));
 * }</pre>
 */
public final class DatasetSplitter {
  private final double trainRatio;
  private final long seed;

  private DatasetSplitter(double trainRatio, long seed) {
    if (!(trainRatio > 0 && trainRatio <= 1)) {
      throw new IllegalArgumentException(
          "train ratio must be in (0, 1], was " + trainRatio + " (0.8 means 80% training)");
    }
    this.trainRatio = trainRatio;
    this.seed = seed;
  }

  /**
   * @param trainRatio share of examples for training, e.g. 0.8; 1.0 means no validation set
   * @param seed the same seed and keys give the same split
   * @return the splitter
   * @throws IllegalArgumentException when the share is outside (0, 1]
   */
  public static DatasetSplitter of(double trainRatio, long seed) {
    return new DatasetSplitter(trainRatio, seed);
  }

  /**
   * The share of examples for training.
   *
   * @return a share above 0 and at most 1
   */
  public double trainRatio() {
    return trainRatio;
  }

  /**
   * The seed of the split.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Chooses the validation examples.
   *
   * @param strata one stratum key per example, in dataset order (null counts as its own stratum)
   * @return the positions (in {@code strata}) that go to validation
   */
  public BitSet validationSet(List<String> strata) {
    Objects.requireNonNull(strata, "strata");
    int total = strata.size();
    BitSet validation = new BitSet(total);
    long target = Math.round(total * (1 - trainRatio));
    if (target == 0) {
      return validation;
    }
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < total; i++) {
      groups.computeIfAbsent(String.valueOf(strata.get(i)), k -> new ArrayList<>()).add(i);
    }
    // largest-remainder allocation: each stratum gets its share, the totals match the ratio exactly
    List<Share> shares = new ArrayList<>();
    long allocated = 0;
    for (var entry : groups.entrySet()) {
      double exact = entry.getValue().size() * (double) target / total;
      int floor = (int) Math.floor(exact);
      shares.add(new Share(entry.getKey(), entry.getValue(), floor, exact - floor));
      allocated += floor;
    }
    List<Share> byRemainder = new ArrayList<>(shares);
    byRemainder.sort(
        Comparator.comparingDouble((Share s) -> -s.remainder).thenComparing(s -> s.key));
    for (int i = 0; allocated < target && i < byRemainder.size(); i++, allocated++) {
      byRemainder.get(i).count++;
    }
    balanceSoEveryStratumIsOnBothSides(shares);
    for (Share share : shares) {
      List<Integer> members = new ArrayList<>(share.members);
      Collections.shuffle(members, new Random(seed ^ share.key.hashCode() * 0x9E3779B97F4A7C15L));
      for (int i = 0; i < share.count; i++) {
        validation.set(members.get(i));
      }
    }
    return validation;
  }

  /**
   * A stratum of two or more examples gets at least one validation example, taken from the stratum
   * with the most validation examples to spare, so the total stays the same.
   */
  private static void balanceSoEveryStratumIsOnBothSides(List<Share> shares) {
    for (Share share : shares) {
      if (share.count == 0 && share.members.size() >= 2) {
        Share donor =
            shares.stream()
                .filter(s -> s.count > 1 || (s.count == 1 && s.members.size() == 1))
                .max(Comparator.comparingInt(s -> s.count))
                .orElse(null);
        if (donor == null) {
          return;
        }
        donor.count--;
        share.count++;
      }
      if (share.count == share.members.size() && share.members.size() >= 2) {
        share.count--;
      }
    }
  }

  private static final class Share {
    final String key;
    final List<Integer> members;
    int count;
    final double remainder;

    Share(String key, List<Integer> members, int count, double remainder) {
      this.key = key;
      this.members = members;
      this.count = count;
      this.remainder = remainder;
    }
  }
}
