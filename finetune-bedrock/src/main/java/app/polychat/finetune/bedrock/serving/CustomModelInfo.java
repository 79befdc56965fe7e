package app.polychat.finetune.bedrock.serving;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A custom model as Bedrock describes it ({@code GetCustomModel}): what it was trained from, how,
 * and with what result.
 *
 * @param modelArn the custom model's ARN
 * @param modelName its name
 * @param status {@code Active}, {@code Creating} or {@code Failed} (Bedrock's {@code modelStatus})
 * @param baseModelId the foundation model it was customized from ({@code
 *     amazon.nova-lite-v1:0:300k}), or null when Bedrock did not say
 * @param customizationType {@code FINE_TUNING}, {@code DISTILLATION}, ... or null
 * @param jobArn the customization job that made it, or null
 * @param jobName that job's name, or null
 * @param teacherModel the teacher of a distillation, or null
 * @param hyperParameters the hyperparameters it was trained with (empty for distillation)
 * @param trainingLoss the final training loss, or null
 * @param validationLoss the last validation loss, or null
 * @param createdAt when it was created
 * @param failureMessage why it failed, or null
 * @param outputUri where the job wrote its outputs, or null
 */
public record CustomModelInfo(
    String modelArn,
    String modelName,
    String status,
    String baseModelId,
    String customizationType,
    String jobArn,
    String jobName,
    String teacherModel,
    Map<String, String> hyperParameters,
    Double trainingLoss,
    Double validationLoss,
    Instant createdAt,
    String failureMessage,
    String outputUri) {

  /**
   * Checks that the model ARN is given; null hyperparameters become empty.
   *
   * @param modelArn the custom model's ARN
   * @param modelName its name
   * @param status {@code Active}, {@code Creating} or {@code Failed} (Bedrock's {@code
   *     modelStatus})
   * @param baseModelId the foundation model it was customized from ({@code
   *     amazon.nova-lite-v1:0:300k}), or null when Bedrock did not say
   * @param customizationType {@code FINE_TUNING}, {@code DISTILLATION}, ... or null
   * @param jobArn the customization job that made it, or null
   * @param jobName that job's name, or null
   * @param teacherModel the teacher of a distillation, or null
   * @param hyperParameters the hyperparameters it was trained with (empty for distillation)
   * @param trainingLoss the final training loss, or null
   * @param validationLoss the last validation loss, or null
   * @param createdAt when it was created
   * @param failureMessage why it failed, or null
   * @param outputUri where the job wrote its outputs, or null
   */
  public CustomModelInfo {
    Objects.requireNonNull(modelArn, "modelArn");
    hyperParameters = Map.copyOf(Objects.requireNonNullElse(hyperParameters, Map.of()));
  }

  /** {@return whether the model is ready to be deployed} */
  public boolean active() {
    return "Active".equalsIgnoreCase(status);
  }

  /** {@return whether the model came from a distillation job} */
  public boolean distilled() {
    return "DISTILLATION".equals(customizationType);
  }
}
