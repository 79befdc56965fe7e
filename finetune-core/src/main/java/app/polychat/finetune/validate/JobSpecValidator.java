package app.polychat.finetune.validate;

import app.polychat.finetune.job.CustomizationType;
import app.polychat.finetune.job.JobSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a {@link JobSpec} against Bedrock's rules before it is submitted: names, S3 URIs, the role
 * ARN, the base model, hyperparameter ranges, and teacher/student pairs for distillation. JSON
 * paths name the fields of Bedrock's {@code CreateModelCustomizationJob} request.
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

  /** Every problem Bedrock would reject the job for (errors) or that looks wrong (warnings). */
  public static List<Finding> validate(JobSpec spec) {
    return new JobSpecValidator(false).check(spec);
  }

  /**
   * Like {@link #validate} for a dry run: {@code file:} URIs (a local store) are warnings, not
   * errors.
   */
  public static List<Finding> validateForDryRun(JobSpec spec) {
    return new JobSpecValidator(true).check(spec);
  }

  /**
   * Throws when {@link #validate} finds errors.
   *
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
    uri("$.trainingDataConfig.s3Uri", spec.trainingUri());
    if (spec.validationUri() != null) {
      uri("$.validationDataConfig.validators[0].s3Uri", spec.validationUri());
    }
    if (spec.outputUri() != null) {
      uri("$.outputDataConfig.s3Uri", spec.outputUri());
    }
    if (spec.roleArn() != null) {
      roleArn(spec.roleArn());
    }
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
                rules.displayName() + " takes no validation set: Bedrock ignores it");
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

  private void uri(String path, URI uri) {
    String text = uri.toString();
    if (BedrockRules.S3_URI.matcher(text).matches()) {
      return;
    }
    if (localUrisAllowed && "file".equalsIgnoreCase(uri.getScheme())) {
      add(
          path,
          FindingCode.INVALID_S3_URI,
          Severity.WARNING,
          "'" + text + "' is a local file: fine for a dry run; Bedrock needs an s3:// URI");
      return;
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
      if (known.isEmpty() || !known.get().teaches(student)) {
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
                    .map(DistillationTeacher::modelId)
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
