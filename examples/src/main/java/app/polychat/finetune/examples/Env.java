package app.polychat.finetune.examples;

import java.util.Map;

/** The one helper the examples share: a setting they need, or an error that names it. */
final class Env {
  private Env() {}

  /**
   * The value of {@code name} in {@code env}.
   *
   * @throws IllegalArgumentException naming the variable when it is unset or blank
   */
  static String require(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          name + " is not set: export it (see .env.example for what each setting means)");
    }
    return value;
  }
}
