package app.polychat.finetune.validate;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The accepted range of one hyperparameter, inclusive at both ends.
 *
 * @param name the name Bedrock takes in {@code hyperParameters} (e.g. {@code epochCount})
 * @param min the smallest accepted value
 * @param max the largest accepted value
 * @param defaultValue what Bedrock uses when the parameter is not sent
 * @param integer whether only whole numbers are accepted
 */
public record HyperparameterRange(
    String name, double min, double max, double defaultValue, boolean integer) {
  /**
   * Checks that the name is given and the range is not empty.
   *
   * @param name the name Bedrock takes in {@code hyperParameters} (e.g. {@code epochCount})
   * @param min the smallest accepted value
   * @param max the largest accepted value
   * @param defaultValue what Bedrock uses when the parameter is not sent
   * @param integer whether only whole numbers are accepted
   * @throws IllegalArgumentException when {@code min} is above {@code max}
   */
  public HyperparameterRange {
    Objects.requireNonNull(name, "name");
    if (min > max) {
      throw new IllegalArgumentException(name + ": min " + min + " > max " + max);
    }
  }

  /**
   * {@return a whole-number parameter}
   *
   * @param name the hyperparameter's Bedrock name ({@code epochCount})
   * @param min the smallest accepted value
   * @param max the largest accepted value
   * @param defaultValue the service default
   */
  public static HyperparameterRange integer(String name, int min, int max, int defaultValue) {
    return new HyperparameterRange(name, min, max, defaultValue, true);
  }

  /**
   * {@return a decimal parameter}
   *
   * @param name the hyperparameter's Bedrock name ({@code learningRate})
   * @param min the smallest accepted value
   * @param max the largest accepted value
   * @param defaultValue the service default
   */
  public static HyperparameterRange decimal(
      String name, double min, double max, double defaultValue) {
    return new HyperparameterRange(name, min, max, defaultValue, false);
  }

  /**
   * {@return a whole-number parameter whose service default is not published}
   *
   * @param name the hyperparameter's Bedrock name
   * @param min the smallest accepted value
   * @param max the largest accepted value
   */
  public static HyperparameterRange integerWithoutDefault(String name, int min, int max) {
    return new HyperparameterRange(name, min, max, Double.NaN, true);
  }

  /**
   * {@return a decimal parameter whose service default is not published}
   *
   * @param name the hyperparameter's Bedrock name
   * @param min the smallest accepted value
   * @param max the largest accepted value
   */
  public static HyperparameterRange decimalWithoutDefault(String name, double min, double max) {
    return new HyperparameterRange(name, min, max, Double.NaN, false);
  }

  /** {@return whether the service's default is known ({@link #defaultValue()} is NaN otherwise)} */
  public boolean hasDefault() {
    return !Double.isNaN(defaultValue);
  }

  /**
   * {@return whether {@code value} is accepted}
   *
   * @param value the value to check
   */
  public boolean contains(double value) {
    return value >= min && value <= max && (!integer || value == Math.rint(value));
  }

  /** {@return the range as people write it: {@code 1–5} or {@code 0.000001–0.0001}} */
  public String describe() {
    return format(min) + "–" + format(max);
  }

  /** A number without exponent or trailing zeros ({@code 0.00001}, {@code 2}). */
  static String format(double value) {
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }
}
