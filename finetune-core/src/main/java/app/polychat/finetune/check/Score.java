package app.polychat.finetune.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How well one answer did under a {@link Scorer}: a value from 0 to 1 and, for rule-based scorers,
 * which checks it passed.
 *
 * @param value from 0 (worst) to 1 (best)
 * @param checks each check's name and whether the answer passed it, in the scorer's order (may be
 *     empty for a purely numeric scorer)
 */
public record Score(double value, Map<String, Boolean> checks) {
  /**
   * Checks the value's range and copies the checks.
   *
   * @param value from 0 (worst) to 1 (best)
   * @param checks each check's name and whether the answer passed it, in the scorer's order (may be
   *     empty for a purely numeric scorer)
   * @throws IllegalArgumentException when {@code value} is NaN or outside 0 to 1
   */
  public Score {
    if (Double.isNaN(value) || value < 0 || value > 1) {
      throw new IllegalArgumentException("a score is between 0 and 1, was " + value);
    }
    checks = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(checks)));
  }

  /**
   * {@return the share of checks passed (1 when there are none)}
   *
   * @param checks each check's name and whether it passed, in order
   */
  public static Score ofChecks(Map<String, Boolean> checks) {
    if (checks.isEmpty()) {
      return new Score(1, checks);
    }
    long passed = checks.values().stream().filter(Boolean::booleanValue).count();
    return new Score((double) passed / checks.size(), checks);
  }

  /** {@return whether every check passed (and the value is 1 for a numeric scorer)} */
  public boolean compliant() {
    return checks.isEmpty() ? value >= 1 : !checks.containsValue(Boolean.FALSE);
  }
}
