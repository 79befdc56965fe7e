package app.polychat.finetune.job;

/** How Bedrock customizes a model. The names are Bedrock's {@code customizationType} values. */
public enum CustomizationType {
  /** Supervised fine-tuning on conversations with answers. */
  FINE_TUNING,
  /** Bedrock's teacher answers the prompts and a smaller student learns from it. */
  DISTILLATION,
  /**
   * Reinforcement fine-tuning: the model answers prompts during training and a grader (a Lambda
   * function) rewards each answer. Nova 2 Lite only; see {@link RftSettings}.
   */
  REINFORCEMENT_FINE_TUNING
}
