package app.polychat.finetune.validate;

import app.polychat.finetune.job.CreateJobRequest;
import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a {@link JobSpec} against Bedrock's rules before it is submitted: names, S3 URIs (training
 * and validation URIs must name an object), the role ARN, the KMS key, the base model,
 * hyperparameter ranges, teacher/student pairs for distillation (Nova Premier only through its
 * inference profile), and the tags that will be sent (at most 50, Bedrock's characters). JSON paths
 * name the fields of Bedrock's {@code CreateModelCustomizationJob} request; the patterns and
 * lengths are those of the Bedrock API model (see {@link BedrockRules}).
 *
 * <pre>{@code
 * List<Finding> findings = JobSpecValidator.validate(spec);
 * JobSpecValidator.requireValid(spec);   // throws ValidationException on errors
 * }</pre>
 */
public final class JobSpecValidator {
  private final boolean localUrisAllowed;
  private final List<Finding> findings = new ArrayList<>();

  private JobSpecValidator(boolean localUrisAllowed) {
    this.localUrisAllowed = localUrisAllowed;
  }

  /**
   * {@return every problem Bedrock would reject the job for (errors) or that looks wrong
   * (warnings)}
   *
   * @param spec the job to check
   */
  public static List<Finding> validate(JobSpec spec) {
    return new JobSpecValidator(false).check(spec);
  }

  /**
   * Like {@link #validate} for a dry run: {@code file:} URIs (a local store) are warnings, not
   * errors.
   *
   * @param spec the job to check
   * @return every finding, with local-store URIs as warnings
   */
  public static List<Finding> validateForDryRun(JobSpec spec) {
    return new JobSpecValidator(true).check(spec);
  }

  /**
   * Throws when {@link #validate} finds errors.
   *
   * @param spec the job to check
   * @throws ValidationException listing them
   */
  public static void requireValid(JobSpec spec) {
    List<Finding> found = validate(spec);
    long errors = found.stream().filter(Finding::isError).count();
    if (errors > 0) {
      throw new ValidationException(
          "job '"
              + spec.jobName()
              + "' has "
              + errors
              + (errors == 1 ? " error" : " errors")
              + " Bedrock would reject: fix them before submitting",
          found);
    }
  }

  private List<Finding> check(JobSpec spec) {
    name(
        "$.jobName",
        "job name",
        spec.jobName(),
        BedrockRules.JOB_NAME,
        "letters, digits, '+', '-' and '.', starting with a letter or digit");
    name(
        "$.customModelName",
        "custom model name",
        spec.customModelName(),
        BedrockRules.CUSTOM_MODEL_NAME,
        "letters and digits, single '-' or '_' between them, no dots"
            + (spec.customModelName().equals(spec.jobName())
                ? " (it defaults to the job name: set customModelName)"
                : ""));
    Optional<ModelRules> model = model(spec.baseModel());
    if (uri("$.trainingDataConfig.s3Uri", spec.trainingUri())) {
      namesAnObject("$.trainingDataConfig.s3Uri", spec.trainingUri(), "training");
    }
    if (spec.validationUri() != null
        && uri("$.validationDataConfig.validators[0].s3Uri", spec.validationUri())) {
      namesAnObject(
          "$.validationDataConfig.validators[0].s3Uri", spec.validationUri(), "validation");
    }
    if (spec.outputUri() != null) {
      uri("$.outputDataConfig.s3Uri", spec.outputUri());
    }
    if (spec.roleArn() != null) {
      roleArn(spec.roleArn());
    }
    if (spec.kmsKeyId() != null) {
      kmsKey(spec.kmsKeyId());
    }
    tags(CreateJobRequest.tags(spec));
    model.ifPresent(
        rules -> {
          if (spec.type() == CustomizationType.FINE_TUNING) {
            hyperparameters(spec, rules);
          } else if (spec.type() == CustomizationType.REINFORCEMENT_FINE_TUNING) {
            reinforcementModel(rules);
          } else {
            distillation(spec, rules);
          }
          if (spec.validationUri() != null && !rules.validationSetSupported()) {
            add(
                "$.validationDataConfig",
                FindingCode.VALIDATION_IGNORED,
                Severity.WARNING,
                rules.displayName()
                    + " takes no validation set during fine-tuning (Nova user guide,"
                    + " nova-2-sft-data-prep): leave the validation file out (the pipeline leaves"
                    + " it out unless told to send it anyway)");
          }
        });
    if (spec.rft() != null) {
      reinforcement(spec);
    }
    vpc(spec);
    return List.copyOf(findings);
  }

  private void name(String path, String what, String value, Pattern pattern, String allowed) {
    if (value == null || value.isEmpty()) {
      add(path, FindingCode.INVALID_NAME, Severity.ERROR, "the " + what + " is empty");
    } else if (value.length() > BedrockRules.MAX_NAME_LENGTH) {
      add(
          path,
          FindingCode.INVALID_NAME,
          Severity.ERROR,
          "the "
              + what
              + " '"
              + value
              + "' has "
              + value.length()
              + " characters: at most "
              + BedrockRules.MAX_NAME_LENGTH);
    } else if (!pattern.matcher(value).matches()) {
      add(
          path,
          FindingCode.INVALID_NAME,
          Severity.ERROR,
          "the " + what + " '" + value + "' is not accepted by Bedrock: use " + allowed);
    }
  }

  private Optional<ModelRules> model(String baseModel) {
    Optional<ModelRules> rules = ModelRules.find(baseModel);
    if (rules.isEmpty()) {
      add(
          "$.baseModelIdentifier",
          FindingCode.UNKNOWN_MODEL,
          Severity.ERROR,
          "'"
              + baseModel
              + "' is not a Nova model the toolkit can customize: use one of "
              + ModelRules.known());
      return rules;
    }
    String id = rules.get().modelId();
    boolean fullId =
        baseModel.equals(id) || (baseModel.startsWith("arn:") && baseModel.endsWith("/" + id));
    if (!fullId) {
      add(
          "$.baseModelIdentifier",
          FindingCode.UNKNOWN_MODEL,
          Severity.ERROR,
          "'" + baseModel + "' is not the identifier Bedrock customizes: send " + id);
    }
    return rules;
  }

  /** Whether the URI is one Bedrock accepts; reports it when not. */
  private boolean uri(String path, URI uri) {
    String text = uri.toString();
    if (text.length() > BedrockRules.MAX_S3_URI_LENGTH) {
      add(
          path,
          FindingCode.INVALID_S3_URI,
          Severity.ERROR,
          "the S3 URI has "
              + text.length()
              + " characters: Bedrock takes at most "
              + BedrockRules.MAX_S3_URI_LENGTH
              + "; use a shorter folder or file name");
      return false;
    }
    if (BedrockRules.S3_URI.matcher(text).matches()) {
      return true;
    }
    if (localUrisAllowed && "file".equalsIgnoreCase(uri.getScheme())) {
      add(
          path,
          FindingCode.INVALID_S3_URI,
          Severity.WARNING,
          "'" + text + "' is a local file: fine for a dry run; Bedrock needs an s3:// URI");
      return false;
    }
    String why;
    if (!text.startsWith("s3://")) {
      why = "Bedrock reads datasets from S3: use s3://bucket/key";
    } else if (text.contains("%") || text.contains(" ")) {
      why = "S3 keys for Bedrock may not contain spaces or escaped characters: rename the object";
    } else {
      why =
          "bucket names are 3–63 lower-case letters, digits, '.' and '-'; keys use letters,"
              + " digits and ! _ * ' ( ) . -";
    }
    add(path, FindingCode.INVALID_S3_URI, Severity.ERROR, "'" + text + "' is not accepted: " + why);
    return false;
  }

  /**
   * A training or validation URI must name the data file: a bucket alone ({@code s3://bucket} or
   * {@code s3://bucket/}) or a folder (ending in {@code /}) passes the API pattern but gives
   * Bedrock no file to read.
   */
  private void namesAnObject(String path, URI uri, String what) {
    String text = uri.toString();
    String afterBucket = text.substring("s3://".length());
    int slash = afterBucket.indexOf('/');
    if (slash < 0 || slash == afterBucket.length() - 1 || text.endsWith("/")) {
      add(
          path,
          FindingCode.INVALID_S3_URI,
          Severity.ERROR,
          "'"
              + text
              + "' names "
              + (slash < 0 || slash == afterBucket.length() - 1 ? "a bucket" : "a folder")
              + ", not the "
              + what
              + " file: give the URI of the .jsonl file, e.g. s3://"
              + (slash < 0 ? afterBucket : afterBucket.substring(0, slash))
              + "/strudel/"
              + what
              + ".jsonl");
    }
  }

  private void kmsKey(String kmsKeyId) {
    if (kmsKeyId.isEmpty()
        || kmsKeyId.length() > BedrockRules.MAX_KMS_KEY_ID_LENGTH
        || !BedrockRules.KMS_KEY_ID.matcher(kmsKeyId).matches()) {
      add(
          "$.customModelKmsKeyId",
          FindingCode.INVALID_KMS_KEY,
          Severity.ERROR,
          "'"
              + kmsKeyId
              + "' is not a KMS key Bedrock accepts: give the key ARN"
              + " (arn:aws:kms:<region>:<account>:key/<key id>), an alias ARN, the 36-character key"
              + " id or alias/<name>");
    }
  }

  /** The tags sent with the job and with its custom model (each resource gets the same set). */
  private void tags(java.util.Map<String, String> tags) {
    if (tags.size() > BedrockRules.MAX_TAGS) {
      add(
          "$.jobTags",
          FindingCode.INVALID_TAG,
          Severity.ERROR,
          tags.size()
              + " tags (the toolkit adds 'project' and 'dataset-hash'): Bedrock takes at most "
              + BedrockRules.MAX_TAGS
              + " per resource; remove "
              + (tags.size() - BedrockRules.MAX_TAGS));
    }
    int index = 0;
    for (var tag : tags.entrySet()) {
      String path = "$.jobTags[" + index++ + "]";
      String key = tag.getKey();
      String value = tag.getValue() == null ? "" : tag.getValue();
      if (key.isEmpty()
          || key.length() > BedrockRules.MAX_TAG_KEY_LENGTH
          || !BedrockRules.TAG_CHARACTERS.matcher(key).matches()) {
        add(
            path + ".key",
            FindingCode.INVALID_TAG,
            Severity.ERROR,
            "tag key '"
                + key
                + "' is not accepted: 1-"
                + BedrockRules.MAX_TAG_KEY_LENGTH
                + " letters, digits, spaces and . _ : / = + @ -");
      }
      if (value.length() > BedrockRules.MAX_TAG_VALUE_LENGTH
          || !BedrockRules.TAG_CHARACTERS.matcher(value).matches()) {
        add(
            path + ".value",
            FindingCode.INVALID_TAG,
            Severity.ERROR,
            "the value of tag '"
                + key
                + "' ('"
                + value
                + "') is not accepted: at most "
                + BedrockRules.MAX_TAG_VALUE_LENGTH
                + " letters, digits, spaces and . _ : / = + @ - (replace other characters)");
      }
    }
  }

  private void roleArn(String arn) {
    if (arn.length() > BedrockRules.MAX_ROLE_ARN_LENGTH
        || !BedrockRules.ROLE_ARN.matcher(arn).matches()) {
      add(
          "$.roleArn",
          FindingCode.INVALID_ROLE_ARN,
          Severity.ERROR,
          "'"
              + arn
              + "' is not an IAM role ARN: expected arn:aws:iam::<12-digit account>:role/<name>");
    }
  }

  private void hyperparameters(JobSpec spec, ModelRules rules) {
    range(rules, "epochCount", spec.epochCount() == null ? null : spec.epochCount().doubleValue());
    range(rules, "learningRate", spec.learningRate());
    range(
        rules,
        "learningRateWarmupSteps",
        spec.warmupSteps() == null ? null : spec.warmupSteps().doubleValue());
    range(rules, "batchSize", spec.batchSize() == null ? null : spec.batchSize().doubleValue());
  }

  private void range(ModelRules rules, String name, Double value) {
    if (value == null) {
      return;
    }
    String path = "$.hyperParameters." + name;
    Optional<HyperparameterRange> range = rules.hyperparameter(name);
    if (range.isEmpty()) {
      add(
          path,
          FindingCode.HYPERPARAMETER_RANGE,
          Severity.ERROR,
          rules.displayName() + " takes no " + name + ": remove it");
    } else if (!range.get().contains(value)) {
      HyperparameterRange r = range.get();
      add(
          path,
          FindingCode.HYPERPARAMETER_RANGE,
          Severity.ERROR,
          name
              + " "
              + HyperparameterRange.format(value)
              + " is outside "
              + rules.displayName()
              + "'s range "
              + r.describe()
              + (r.min() == r.max() ? " (Nova trains with a fixed batch size of 1)" : "")
              + ": use a value in range (default "
              + HyperparameterRange.format(r.defaultValue())
              + ")");
    }
  }

  private void distillation(JobSpec spec, ModelRules student) {
    if (!student.supports(CustomizationType.DISTILLATION)) {
      add(
          "$.customizationType",
          FindingCode.METHOD_NOT_SUPPORTED,
          Severity.ERROR,
          student.displayName()
              + " cannot be a distillation student: fine-tune it instead, or"
              + " distill into "
              + ModelRules.all().stream()
                  .filter(m -> m.supports(CustomizationType.DISTILLATION))
                  .map(ModelRules::alias)
                  .collect(Collectors.joining(", ")));
    } else {
      String teacher = spec.teacherModel();
      Optional<DistillationTeacher> known =
          BedrockRules.TEACHERS.stream().filter(t -> t.matches(teacher)).findFirst();
      Optional<String> profile = profileOnly(teacher);
      if (profile.isPresent()) {
        add(
            "$.customizationConfig.distillationConfig.teacherModelConfig.teacherModelIdentifier",
            FindingCode.TEACHER_IDENTIFIER,
            Severity.ERROR,
            "Bedrock accepts '"
                + teacher
                + "' as a distillation teacher only through its inference profile: use "
                + profile.get());
      } else if (known.isEmpty() || !known.get().teaches(student)) {
        add(
            "$.customizationConfig.distillationConfig.teacherModelConfig.teacherModelIdentifier",
            FindingCode.TEACHER_STUDENT_PAIR,
            Severity.ERROR,
            "'"
                + teacher
                + "' cannot teach "
                + student.displayName()
                + ": use "
                + student.teachers().stream()
                    .map(t -> t.identifiers().get(0))
                    .collect(Collectors.joining(" or ")));
      }
    }
    if (spec.epochCount() != null
        || spec.learningRate() != null
        || spec.warmupSteps() != null
        || spec.batchSize() != null) {
      add(
          "$.hyperParameters",
          FindingCode.HYPERPARAMETER_IGNORED,
          Severity.WARNING,
          "distillation jobs take no hyperparameters: the ones set will not be sent");
    }
  }

  private void reinforcementModel(ModelRules rules) {
    if (!rules.supports(CustomizationType.REINFORCEMENT_FINE_TUNING)) {
      add(
          "$.baseModelIdentifier",
          FindingCode.METHOD_NOT_SUPPORTED,
          Severity.ERROR,
          rules.displayName()
              + " cannot be customized by reinforcement fine-tuning on Bedrock: use "
              + ModelRules.all().stream()
                  .filter(m -> m.supports(CustomizationType.REINFORCEMENT_FINE_TUNING))
                  .map(m -> m.alias() + " (" + m.modelId() + ")")
                  .collect(Collectors.joining(" or "))
              + ", or fine-tune "
              + rules.alias()
              + " instead");
    }
  }

  /** The grader's ARN and the RFT hyperparameters, against the API model's shapes. */
  private void reinforcement(JobSpec spec) {
    String rftPath = "$.customizationConfig.rftConfig";
    String arn = spec.rft().graderLambdaArn();
    if (arn.length() > BedrockRules.MAX_LAMBDA_ARN_LENGTH
        || !BedrockRules.LAMBDA_ARN.matcher(arn).matches()) {
      add(
          rftPath + ".graderConfig.lambdaGrader.lambdaArn",
          FindingCode.INVALID_LAMBDA_ARN,
          Severity.ERROR,
          "'"
              + arn
              + "' is not a Lambda function ARN Bedrock accepts: expected"
              + " arn:aws:lambda:<region>:<12-digit account>:function:<name>[:<version or alias>]"
              + " (the Lambda console and `aws lambda get-function` show it)");
    }
    java.util.Map<String, Object> params = spec.rft().hyperParameters();
    for (HyperparameterRange range : BedrockRules.RFT_HYPERPARAMETERS) {
      Object value = params.get(range.name());
      if (value instanceof Number number && !range.contains(number.doubleValue())) {
        add(
            rftPath + ".hyperParameters." + range.name(),
            FindingCode.HYPERPARAMETER_RANGE,
            Severity.ERROR,
            range.name()
                + " "
                + HyperparameterRange.format(number.doubleValue())
                + " is outside reinforcement fine-tuning's range "
                + range.describe()
                + " (Bedrock API model): use a value in range, or leave it unset for Bedrock's"
                + " default");
      }
    }
    for (String tokens : List.of("maxPromptLength", "inferenceMaxTokens")) {
      if (params.get(tokens) instanceof Integer value && value < 1) {
        add(
            rftPath + ".hyperParameters." + tokens,
            FindingCode.HYPERPARAMETER_RANGE,
            Severity.ERROR,
            tokens
                + " "
                + value
                + " is not a token count: use a positive number, or leave it unset (the API"
                + " model gives no upper bound)");
      }
    }
    if (spec.epochCount() != null
        || spec.learningRate() != null
        || spec.warmupSteps() != null
        || spec.batchSize() != null) {
      add(
          "$.hyperParameters",
          FindingCode.HYPERPARAMETER_IGNORED,
          Severity.WARNING,
          "reinforcement fine-tuning takes its hyperparameters in rftConfig: the fine-tuning"
              + " ones set will not be sent (set them with reinforcement(r -> r.epochCount(...)))");
    }
  }

  /** The inference profile to use when {@code teacher} names a profile-only model by its id. */
  private static Optional<String> profileOnly(String teacher) {
    if (teacher == null) {
      return Optional.empty();
    }
    String id = teacher.trim().toLowerCase(java.util.Locale.ROOT);
    if (id.startsWith("arn:")) {
      if (id.contains(":inference-profile/")) {
        return Optional.empty();
      }
      id = id.substring(id.lastIndexOf('/') + 1);
    }
    return Optional.ofNullable(BedrockRules.TEACHER_INFERENCE_PROFILE_ONLY.get(id));
  }

  private void vpc(JobSpec spec) {
    int subnets = spec.subnetIds().size();
    int groups = spec.securityGroupIds().size();
    if (subnets == 0 && groups == 0) {
      return;
    }
    if (subnets < 1 || subnets > BedrockRules.MAX_SUBNETS) {
      add(
          "$.vpcConfig.subnetIds",
          FindingCode.VPC_CONFIG,
          Severity.ERROR,
          subnets + " subnets: a VPC configuration takes 1–" + BedrockRules.MAX_SUBNETS);
    }
    if (groups < 1 || groups > BedrockRules.MAX_SECURITY_GROUPS) {
      add(
          "$.vpcConfig.securityGroupIds",
          FindingCode.VPC_CONFIG,
          Severity.ERROR,
          groups
              + " security groups: a VPC configuration takes 1–"
              + BedrockRules.MAX_SECURITY_GROUPS);
    }
  }

  private void add(String path, FindingCode code, Severity severity, String message) {
    findings.add(Finding.field(path, code, severity, message));
  }
}
