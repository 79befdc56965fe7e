package app.polychat.finetune.example;

import java.util.Locale;

/** Who speaks a message. System prompts are kept apart from messages, as Bedrock does. */
public enum Role {
  /** The user's turn. */
  USER,
  /** The assistant's turn. */
  ASSISTANT;

  /** {@return the wire name: {@code user} or {@code assistant}} */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name.
   *
   * @param name the wire name, {@code user} or {@code assistant}
   * @return the role
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Role fromWireName(String name) {
    for (Role role : values()) {
      if (role.wireName().equals(name)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + name + "': expected \"user\" or \"assistant\"");
  }
}
