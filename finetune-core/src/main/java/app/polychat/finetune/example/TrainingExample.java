package app.polychat.finetune.example;

import java.util.Objects;

/** A conversation to train on, with where it came from. */
public record TrainingExample(Conversation conversation, ExampleMetadata metadata) {
  /**
   * Checks that the conversation is given; null metadata becomes {@link ExampleMetadata#EMPTY}.
   *
   * @param conversation the conversation to train on
   * @param metadata where the example came from; null for none
   * @throws NullPointerException when {@code conversation} is null
   */
  public TrainingExample {
    Objects.requireNonNull(conversation, "conversation");
    metadata = Objects.requireNonNullElse(metadata, ExampleMetadata.EMPTY);
  }

  /**
   * An example without metadata.
   *
   * @param conversation the conversation
   * @return the example
   */
  public static TrainingExample of(Conversation conversation) {
    return new TrainingExample(conversation, ExampleMetadata.EMPTY);
  }

  /**
   * This example with other metadata.
   *
   * @param newMetadata the metadata; null for none
   * @return a copy with the metadata replaced
   */
  public TrainingExample withMetadata(ExampleMetadata newMetadata) {
    return new TrainingExample(conversation, newMetadata);
  }

  /**
   * This example with another conversation, keeping the metadata.
   *
   * @param newConversation the conversation
   * @return a copy with the conversation replaced
   */
  public TrainingExample withConversation(Conversation newConversation) {
    return new TrainingExample(newConversation, metadata);
  }
}
