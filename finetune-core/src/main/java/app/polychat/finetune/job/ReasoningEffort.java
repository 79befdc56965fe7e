package app.polychat.finetune.job;

import java.util.Locale;

/**
 * How much the model reasons while it answers during reinforcement fine-tuning: Bedrock's {@code
 * ReasoningEffort} enum ({@code low | medium | high} in the API model, shape {@code
 * RFTHyperParameters.reasoningEffort}).
 */
public enum ReasoningEffort {
  /** A short reasoning budget. */
  LOW,
  /** A medium reasoning budget. */
  MEDIUM,
  /** A long reasoning budget. */
  HIGH;

  /** {@return the value as Bedrock writes it: {@code low}, {@code medium} or {@code high}} */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code low}, {@code medium} or {@code high} (any case).
   *
   * @param value the effort's name
   * @return the effort
   * @throws IllegalArgumentException naming the accepted values
   */
  public static ReasoningEffort parse(String value) {
    if (value != null) {
      for (ReasoningEffort effort : values()) {
        if (effort.wireName().equalsIgnoreCase(value.trim())) {
          return effort;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown reasoning effort '" + value + "': expected low, medium or high");
  }
}
