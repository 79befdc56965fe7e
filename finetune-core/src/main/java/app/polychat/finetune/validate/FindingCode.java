package app.polychat.finetune.validate;

/**
 * The kind of a {@link Finding}: a short, stable name that scripts can match on. The severity is
 * carried by the finding itself, because some codes are errors in one place and warnings in another
 * (a reserved keyword in user text fails the job; in assistant text it is a warning).
 */
public enum FindingCode {
  // --- files -----------------------------------------------------------------------------------
  /** The dataset file does not exist. */
  FILE_NOT_FOUND,
  /** The dataset file exists but cannot be read. */
  FILE_UNREADABLE,
  /** The file name has characters Bedrock rejects, or does not end with {@code .jsonl}. */
  FILE_NAME,
  /** The file holds no records. */
  EMPTY_FILE,
  /** A line is far longer than any record that fits the context window; it was not parsed. */
  LINE_TOO_LONG,
  /**
   * The records are in a format Bedrock does not read (OpenAI chat, prompt/completion); {@code
   * finetune dataset import} converts them. An error when the file is validated for Bedrock, a
   * warning when the caller named the format.
   */
  CONVERSION_NEEDED,

  // --- records ---------------------------------------------------------------------------------
  /** A line is not valid UTF-8. */
  INVALID_UTF8,
  /** An empty line between records: an error in a Bedrock file, whose every line is a record. */
  BLANK_LINE,
  /** A line is not one complete JSON value. */
  INVALID_JSON,
  /** A value has the wrong JSON type (e.g. a string where an array belongs). */
  WRONG_TYPE,
  /** A required field is missing. */
  MISSING_FIELD,
  /** A field the format does not define. */
  UNKNOWN_FIELD,
  /** {@code schemaVersion} is not {@code bedrock-conversation-2024}. */
  SCHEMA_VERSION,
  /** A role other than those the format allows. */
  INVALID_ROLE,
  /** Turns do not start with user, alternate, and end as the method requires. */
  ROLE_ORDER,
  /** A text, or a whole turn, is empty or only whitespace. */
  EMPTY_TEXT,
  /** Text contains one of Nova's reserved keywords ({@link BedrockRules#RESERVED_KEYWORDS}). */
  RESERVED_KEYWORD,
  /** The record's estimated tokens exceed the model's context length. */
  TOO_MANY_TOKENS,
  /** Content the model or method does not accept (images for Nova Micro, tool use, ...). */
  UNSUPPORTED_CONTENT,
  /** The same record appears earlier in the same file. */
  DUPLICATE_RECORD,
  /** The same record is in both the training and the validation file. */
  TRAIN_VALIDATION_OVERLAP,
  /** So many records that duplicates were checked among the first ones only. */
  DUPLICATE_CHECK_LIMITED,

  // --- the dataset as a whole ------------------------------------------------------------------
  /** Too few or too many records for the model and method. */
  RECORD_COUNT,
  /** Accepted, but fewer records than AWS recommends. */
  FEW_RECORDS,
  /** More validation records than AWS's samples allow. */
  VALIDATION_TOO_LARGE,
  /** The model ignores a validation set. */
  VALIDATION_IGNORED,
  /** The model cannot be customized by this method. */
  METHOD_NOT_SUPPORTED,

  // --- job specs -------------------------------------------------------------------------------
  /** A job, custom model or deployment name Bedrock rejects. */
  INVALID_NAME,
  /** An S3 URI Bedrock rejects. */
  INVALID_S3_URI,
  /** An IAM role ARN Bedrock rejects. */
  INVALID_ROLE_ARN,
  /** A base model that is not a customizable Nova model, or not written as its full id. */
  UNKNOWN_MODEL,
  /** A grader Lambda ARN Bedrock rejects (reinforcement fine-tuning). */
  INVALID_LAMBDA_ARN,
  /** A hyperparameter outside the model's range. */
  HYPERPARAMETER_RANGE,
  /** Hyperparameters given to a job type that does not take them. */
  HYPERPARAMETER_IGNORED,
  /** A distillation teacher that cannot teach this student. */
  TEACHER_STUDENT_PAIR,
  /** Subnets and security groups that do not make a valid VPC configuration. */
  VPC_CONFIG,
  /** A teacher written as a model id Bedrock accepts only through its inference profile. */
  TEACHER_IDENTIFIER,
  /** Too many tags, or a tag key or value Bedrock refuses. */
  INVALID_TAG,
  /** A KMS key identifier Bedrock refuses. */
  INVALID_KMS_KEY,

  // --- media (added later; kept at the end so earlier codes keep their order) ------------------
  /**
   * An image or video block Bedrock cannot read: a format outside the model's list, a source that
   * is not an {@code s3Location}, an {@code s3Location.uri} that is not {@code s3://...}, or a
   * {@code bucketOwner} that is not a 12-digit account id.
   */
  INVALID_MEDIA,
  /** The dataset holds both images and videos; Nova trains on one media kind per dataset. */
  MIXED_MEDIA
}
