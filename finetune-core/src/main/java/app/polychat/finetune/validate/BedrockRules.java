package app.polychat.finetune.validate;

import app.polychat.finetune.job.CustomizationType;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every limit Amazon Bedrock places on Nova customization, in one table. When AWS changes a limit,
 * the change is one line here; the dataset validator, the job-spec validator and the cost estimator
 * all read from this class.
 *
 * <p>Sources: the Bedrock API model, the Amazon Bedrock and Amazon Nova user guides and AWS's own
 * dataset checker ({@code nova_ft_dataset_validator.py}). Where a limit is an assumption rather
 * than a documented figure, its comment says so.
 */
public final class BedrockRules {
  private BedrockRules() {}

  /**
   * Tokens a training record may hold (system prompt and every turn). The Nova user guide gives 32k
   * for Micro, Lite and Pro; the same figure is assumed for Nova 2 Lite. Kept at 32,000 rather than
   * 32,768 because our token counts are estimates.
   */
  public static final int CONTEXT_TOKENS = 32_000;

  /** Fewer records than this trains poorly: AWS recommends at least 100. A warning. */
  public static final int RECOMMENDED_MIN_RECORDS = 100;

  /**
   * One AWS sample names a 1,000-record validation maximum that no other source confirms: more is a
   * warning, not an error.
   */
  public static final int VALIDATION_RECORDS_WARNING = 1_000;

  /** Images per message, at most. */
  public static final int MAX_IMAGES_PER_MESSAGE = 10;

  /** Videos per message, at most. */
  public static final int MAX_VIDEOS_PER_MESSAGE = 1;

  /** The {@code schemaVersion} of Bedrock's conversation format. */
  public static final String SCHEMA_VERSION = "bedrock-conversation-2024";

  /**
   * Text a job fails on when it appears in user or system text, matched case-insensitively; in
   * assistant text the toolkit warns. The first five come from the Nova user guide; AWS's validator
   * adds {@code Thought:} and {@code <unk>}.
   */
  public static final List<String> RESERVED_KEYWORDS =
      List.of(
          "User:",
          "Bot:",
          "Assistant:",
          "System:",
          "Thought:",
          "<image>",
          "<video>",
          "<unk>",
          "[EOS]");

  /** Hyperparameters of Nova Micro, Lite and Pro (Bedrock user guide); batch size is fixed at 1. */
  public static final List<HyperparameterRange> NOVA_HYPERPARAMETERS =
      List.of(
          HyperparameterRange.integer("epochCount", 1, 5, 2),
          HyperparameterRange.decimal("learningRate", 1e-6, 1e-4, 1e-5),
          HyperparameterRange.integer("learningRateWarmupSteps", 0, 100, 10),
          HyperparameterRange.integer("batchSize", 1, 1, 1));

  /** Fine-tuning of Nova 1 models: 8–20,000 records, training and validation counted together. */
  private static final RecordLimits NOVA_FINE_TUNING = new RecordLimits(8, 20_000, true);

  /**
   * Reinforcement fine-tuning: 100–20,000 prompts (UG "Prepare data for Amazon Nova models",
   * rft-prepare-data: "a minimum of 100 records"; UG rft-nova-models: "a maximum of 20K prompts").
   * RFT takes no validation file.
   */
  private static final RecordLimits RFT_RECORDS = new RecordLimits(100, 20_000, false);

  /**
   * Reinforcement fine-tuning hyperparameters ({@code RFTHyperParameters} in the Bedrock API model,
   * botocore {@code bedrock/2023-04-20/service-2.json}: shapes {@code EpochCount} 1–50, {@code
   * RFTBatchSize} 16–512, {@code RFTLearningRate} 1e-7–1e-3, {@code RFTTrainingSamplePerPrompt}
   * 2–16, {@code RFTEvalInterval} 1–100). {@code maxPromptLength} and {@code inferenceMaxTokens}
   * have no range in the model. Neither the API model nor the user guide publishes defaults: unset
   * values are left to Bedrock.
   */
  public static final List<HyperparameterRange> RFT_HYPERPARAMETERS =
      List.of(
          HyperparameterRange.integerWithoutDefault("epochCount", 1, 50),
          HyperparameterRange.integerWithoutDefault("batchSize", 16, 512),
          HyperparameterRange.decimalWithoutDefault("learningRate", 1e-7, 1e-3),
          HyperparameterRange.integerWithoutDefault("trainingSamplePerPrompt", 2, 16),
          HyperparameterRange.integerWithoutDefault("evalInterval", 1, 100));

  /** Longest grader Lambda ARN ({@code LambdaArn} shape: 1–512). */
  public static final int MAX_LAMBDA_ARN_LENGTH = 512;

  /** Grader Lambda ARNs: the API model's {@code LambdaArn} pattern, unchanged. */
  public static final Pattern LAMBDA_ARN =
      Pattern.compile(
          "arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}(-gov)?-[a-z]+-\\d{1}:\\d{12}:function:"
              + "[a-zA-Z0-9-_\\.]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?");

  /** Distillation: 100–15,000 prompts. */
  private static final RecordLimits NOVA_DISTILLATION = new RecordLimits(100, 15_000, true);

  /** The target models, one row each. */
  public static final List<ModelRules> MODELS =
      List.of(
          new ModelRules(
              "amazon.nova-micro-v1:0:128k",
              "nova-micro",
              "Amazon Nova Micro",
              CONTEXT_TOKENS,
              Map.of(
                  CustomizationType.FINE_TUNING, NOVA_FINE_TUNING,
                  CustomizationType.DISTILLATION, NOVA_DISTILLATION),
              true,
              false,
              false,
              true,
              NOVA_HYPERPARAMETERS,
              640),
          new ModelRules(
              "amazon.nova-lite-v1:0:300k",
              "nova-lite",
              "Amazon Nova Lite",
              CONTEXT_TOKENS,
              Map.of(
                  CustomizationType.FINE_TUNING, NOVA_FINE_TUNING,
                  CustomizationType.DISTILLATION, NOVA_DISTILLATION),
              true,
              true,
              false,
              true,
              NOVA_HYPERPARAMETERS,
              160),
          new ModelRules(
              "amazon.nova-pro-v1:0:300k",
              "nova-pro",
              "Amazon Nova Pro",
              CONTEXT_TOKENS,
              Map.of(
                  CustomizationType.FINE_TUNING, NOVA_FINE_TUNING,
                  CustomizationType.DISTILLATION, NOVA_DISTILLATION),
              true,
              true,
              false,
              true,
              NOVA_HYPERPARAMETERS,
              320),
          // Nova 2 Lite: 200–20,000 records, no validation set (Bedrock ignores one), no tool use,
          // reasoningContent in assistant turns; not a distillation student. Its hyperparameter
          // ranges are not published separately: Nova 1's are assumed.
          new ModelRules(
              "amazon.nova-2-lite-v1:0:256k",
              "nova-2-lite",
              "Amazon Nova 2 Lite",
              CONTEXT_TOKENS,
              Map.of(
                  CustomizationType.FINE_TUNING,
                  new RecordLimits(200, 20_000, false),
                  CustomizationType.REINFORCEMENT_FINE_TUNING,
                  RFT_RECORDS),
              false,
              true,
              true,
              false,
              NOVA_HYPERPARAMETERS,
              0));

  /**
   * Distillation teachers and their students (all in us-east-1), from the Bedrock user guide's
   * table "Supported models and Regions for Amazon Bedrock Model Distillation": Nova Pro teaches
   * Lite and Micro; Nova Premier teaches Lite, Micro and Pro, and only through its inference
   * profile {@code us.amazon.nova-premier-v1:0}: Bedrock refuses the bare model id (see {@link
   * #TEACHER_INFERENCE_PROFILE_ONLY}). The first identifier is the one to write.
   */
  public static final List<DistillationTeacher> TEACHERS =
      List.of(
          new DistillationTeacher(
              "amazon.nova-pro-v1:0",
              List.of("amazon.nova-pro-v1:0", "us.amazon.nova-pro-v1:0"),
              List.of("nova-lite", "nova-micro")),
          new DistillationTeacher(
              "amazon.nova-premier-v1:0",
              List.of("us.amazon.nova-premier-v1:0"),
              List.of("nova-lite", "nova-micro", "nova-pro")));

  /**
   * Teachers Bedrock accepts only through an inference profile: model id → the profile to write
   * instead. Nova Premier has no on-demand throughput of its own, so a distillation job naming
   * {@code amazon.nova-premier-v1:0} is refused by the service.
   */
  public static final Map<String, String> TEACHER_INFERENCE_PROFILE_ONLY =
      Map.of("amazon.nova-premier-v1:0", "us.amazon.nova-premier-v1:0");

  // ------------------------------------------------------------------ batch inference
  // CreateModelInvocationJob. Record limits are per-model service quotas in the "Amazon Bedrock"
  // service quota list ("Minimum number of records per batch inference job for {model}", "Records
  // per batch inference job for {model}", "Records per input file per batch inference job for
  // {model}"); the figures here are the defaults those quotas start from. Some models have other
  // defaults (e.g. 100,000 records per job for Titan Text Embeddings V2), and quotas can be raised:
  // the batch source lets a user override each one.

  /** Fewest records a batch inference job accepts (quota default; a smaller job is rejected). */
  public static final int BATCH_MIN_RECORDS_PER_JOB = 100;

  /** Most records in one batch inference job (quota default for most text models). */
  public static final int BATCH_MAX_RECORDS_PER_JOB = 50_000;

  /** Most records in one input file of a batch inference job (quota default). */
  public static final int BATCH_MAX_RECORDS_PER_FILE = 50_000;

  /** Largest input file of a batch inference job: 1 GB (not adjustable). */
  public static final long BATCH_MAX_INPUT_FILE_BYTES = 1L << 30;

  /** Shortest {@code timeoutDurationInHours} of a batch inference job (also Bedrock's default). */
  public static final int BATCH_MIN_TIMEOUT_HOURS = 24;

  /** Longest {@code timeoutDurationInHours} of a batch inference job (one week). */
  public static final int BATCH_MAX_TIMEOUT_HOURS = 168;

  /**
   * Longest {@code recordId} the toolkit writes. Bedrock documents the id as an alphanumeric string
   * (the toolkit's request ids are hex digits, a hyphen and a number); the length is an assumption.
   */
  public static final int BATCH_MAX_RECORD_ID_LENGTH = 256;

  /** Longest job name, custom model name or deployment name. */
  public static final int MAX_NAME_LENGTH = 63;

  /**
   * Job names. Bedrock's pattern is {@code [a-zA-Z0-9](-*[a-zA-Z0-9\+\-\.])*}; this is the same
   * language written without nested repetition, so a long bad name cannot make it backtrack.
   */
  public static final Pattern JOB_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9+\\-.]*");

  /** Custom model and deployment names: no dots, no two separators in a row. */
  public static final Pattern CUSTOM_MODEL_NAME = Pattern.compile("([0-9a-zA-Z][_-]?){1,63}");

  /** Longest IAM role ARN. */
  public static final int MAX_ROLE_ARN_LENGTH = 2048;

  /** IAM role ARNs Bedrock accepts. */
  public static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+");

  /** S3 URIs Bedrock accepts for training, validation and output data (no spaces in keys). */
  public static final Pattern S3_URI =
      Pattern.compile("s3://[a-z0-9][-.a-z0-9]{1,61}[a-z0-9](/[-!_*'().a-zA-Z0-9]+)*/?");

  /** Dataset file names: only letters, digits, {@code _ - / .} (AWS's checker). */
  public static final Pattern DATASET_FILE_NAME = Pattern.compile("[A-Za-z0-9_\\-/.]+");

  /** The extension Bedrock expects on a dataset file. */
  public static final String DATASET_FILE_EXTENSION = ".jsonl";

  /** Validation data configurations per job, at most. */
  public static final int MAX_VALIDATORS = 10;

  /** VPC subnets per job: 1–16 when a VPC is configured. */
  public static final int MAX_SUBNETS = 16;

  /** VPC security groups per job: 1–5 when a VPC is configured. */
  public static final int MAX_SECURITY_GROUPS = 5;

  // ------------------------------------------------------------------ request shapes
  // From the Bedrock API model (botocore bedrock/2023-04-20/service-2.json, the model the AWS SDK
  // for Java v2 is generated from): shapes S3Uri, Tag/TagKey/TagValue, KmsKeyId,
  // CustomModelDeploymentDescription, and the documentation of TooManyTagsException.

  /** Longest S3 URI in a request (shape {@code S3Uri}: 1–1024 characters). */
  public static final int MAX_S3_URI_LENGTH = 1024;

  /**
   * Characters an S3 key segment may hold in a URI Bedrock accepts (the {@code S3Uri} pattern's
   * {@code [-!_*'().a-z0-9A-Z]+}); {@code /} separates segments.
   */
  public static final Pattern S3_KEY_SEGMENT =
      Pattern.compile("[" + app.polychat.finetune.job.CreateJobRequest.S3_KEY_CHARACTERS + "]+");

  /**
   * Tags per resource, at most: "50 tags per resource", counting the tags it already has ({@code
   * TooManyTagsException}). The request shape {@code TagList} allows 200, but the service refuses
   * more than 50.
   */
  public static final int MAX_TAGS = 50;

  /** Tag keys: 1–128 characters of {@link #TAG_CHARACTERS} (shape {@code TagKey}). */
  public static final int MAX_TAG_KEY_LENGTH = 128;

  /** Tag values: 0–256 characters of {@link #TAG_CHARACTERS} (shape {@code TagValue}). */
  public static final int MAX_TAG_VALUE_LENGTH = 256;

  /** The characters of tag keys and values: {@code [a-zA-Z0-9\s._:/=+@-]*}. */
  public static final Pattern TAG_CHARACTERS = Pattern.compile("[a-zA-Z0-9\\s._:/=+@-]*");

  /**
   * KMS keys for a custom model (shape {@code KmsKeyId}, 1–2048): a key ARN, alias ARN, id or
   * alias.
   */
  public static final Pattern KMS_KEY_ID =
      Pattern.compile(
          "(arn:aws(-[^:]+)?:kms:[a-zA-Z0-9-]*:[0-9]{12}:((key/[a-zA-Z0-9-]{36})|(alias/[a-zA-Z0-9-_/]+)))"
              + "|([a-zA-Z0-9-]{36})|(alias/[a-zA-Z0-9-_/]+)");

  /** Longest KMS key identifier. */
  public static final int MAX_KMS_KEY_ID_LENGTH = 2048;

  /** A custom model deployment's description: 1–2048 characters when given. */
  public static final int MAX_DEPLOYMENT_DESCRIPTION_LENGTH = 2048;

  // ------------------------------------------------------------------ serving a custom model
  // Bedrock user guide, "Deploy a custom model for on-demand inference" (supported base models and
  // their Regions; prerequisites) and "Provisioned Throughput" (quotas).

  /**
   * Base models whose customizations can be deployed on demand, each with the Regions the guide
   * lists for it: Nova Lite, Nova 2 Lite, Nova Micro and Nova Pro, all in US East (N. Virginia).
   */
  public static final Map<String, List<String>> ON_DEMAND_DEPLOYMENT_REGIONS =
      Map.of(
          "amazon.nova-micro-v1:0", List.of("us-east-1"),
          "amazon.nova-lite-v1:0", List.of("us-east-1"),
          "amazon.nova-pro-v1:0", List.of("us-east-1"),
          "amazon.nova-2-lite-v1:0", List.of("us-east-1"));

  /** On-demand deployment needs a model customized on or after this day (UTC). */
  public static final java.time.LocalDate ON_DEMAND_CUSTOMIZED_SINCE =
      java.time.LocalDate.of(2025, 7, 16);

  /** Model units of one provisioned throughput without commitment, by default quota. */
  public static final int NO_COMMITMENT_MODEL_UNITS = 1;

  /** Provisioned throughputs without commitment per account (and Region), by default quota. */
  public static final int NO_COMMITMENT_THROUGHPUTS_PER_ACCOUNT = 2;

  /** Model units a committed term starts with: 0, so a commitment needs a quota increase first. */
  public static final int COMMITTED_MODEL_UNITS_DEFAULT_QUOTA = 0;

  // ------------------------------------------------------------------ images and videos
  // Shapes: the Bedrock runtime API model's ImageBlock {format, source} and VideoBlock {format,
  // source}, whose source is a union of bytes and s3Location {uri, bucketOwner} (AWS SDK for Java
  // v2
  // bedrockruntime model, generated from the API model); training data must use s3Location (Nova
  // user guide, "Prepare data for fine-tuning Understanding models": "image.source.s3Location.uri
  // and
  // video.source.s3Location.uri must be accessible to Amazon Bedrock"; AWS's checker
  // nova_ft_dataset_validator.py requires s3Location). Formats: AWS's checker (the API's
  // VideoFormat
  // enum also has flv, mpeg, mpg, wmv and three_gp, which customization does not list).

  /** Image formats a Nova 1 model trains on. */
  public static final List<String> IMAGE_FORMATS = List.of("jpeg", "png", "gif", "webp");

  /** Video formats a Nova 1 model trains on. */
  public static final List<String> VIDEO_FORMATS = List.of("mov", "mkv", "mp4", "webm");

  /** Image formats of Nova 2 Lite (AWS's checker: png, jpeg, gif). */
  public static final List<String> NOVA_2_IMAGE_FORMATS = List.of("png", "jpeg", "gif");

  /** Video formats of Nova 2 Lite (AWS's checker: mov, mkv, mp4). */
  public static final List<String> NOVA_2_VIDEO_FORMATS = List.of("mov", "mkv", "mp4");

  /** Images per record (one sample), at most: the guide allows several, AWS's checker 10. */
  public static final int MAX_IMAGES_PER_RECORD = 10;

  /** Videos per record (one sample): "One sample ... can have only 1 video" (Nova user guide). */
  public static final int MAX_VIDEOS_PER_RECORD = 1;

  /** {@code s3Location.bucketOwner}: an AWS account id (API model shape AccountId). */
  public static final Pattern BUCKET_OWNER = Pattern.compile("[0-9]{12}");

  /** What may follow {@code s3://} in a media URI (AWS's checker: letters, digits, _ - / .). */
  public static final Pattern MEDIA_S3_PATH = Pattern.compile("[A-Za-z0-9_\\-/.]+");

  /**
   * {@return the image formats {@code model} trains on}
   *
   * @param model the model's rules
   */
  public static List<String> imageFormats(ModelRules model) {
    return "nova-2-lite".equals(model.alias()) ? NOVA_2_IMAGE_FORMATS : IMAGE_FORMATS;
  }

  /**
   * {@return the video formats {@code model} trains on}
   *
   * @param model the model's rules
   */
  public static List<String> videoFormats(ModelRules model) {
    return "nova-2-lite".equals(model.alias()) ? NOVA_2_VIDEO_FORMATS : VIDEO_FORMATS;
  }
}
