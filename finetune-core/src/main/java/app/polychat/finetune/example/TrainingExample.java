package app.polychat.finetune.example;

import java.util.Objects;

/** A conversation to train on, with where it came from. */
public record TrainingExample(Conversation conversation, ExampleMetadata metadata) {
  public TrainingExample {
    Objects.requireNonNull(conversation, "conversation");
    metadata = Objects.requireNonNullElse(metadata, ExampleMetadata.EMPTY);
  }

  public static TrainingExample of(Conversation conversation) {
    return new TrainingExample(conversation, ExampleMetadata.EMPTY);
  }

  public TrainingExample withMetadata(ExampleMetadata newMetadata) {
    return new TrainingExample(conversation, newMetadata);
  }

  public TrainingExample withConversation(Conversation newConversation) {
    return new TrainingExample(newConversation, metadata);
  }
}
