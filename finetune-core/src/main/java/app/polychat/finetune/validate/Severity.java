package app.polychat.finetune.validate;

/** How serious a {@link Finding} is. */
public enum Severity {
  /** Bedrock would reject the dataset or the job, or the result would be wrong: fix it first. */
  ERROR,
  /** Allowed, but probably a mistake or a waste of money: read it and decide. */
  WARNING
}
