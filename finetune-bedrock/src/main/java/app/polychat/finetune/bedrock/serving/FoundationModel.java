package app.polychat.finetune.bedrock.serving;

import java.util.List;
import java.util.Objects;

/**
 * A foundation model Bedrock offers in the region ({@code ListFoundationModels}).
 *
 * @param modelId the id to use in jobs and Converse calls ({@code amazon.nova-lite-v1:0:300k})
 * @param name the display name ({@code Nova Lite})
 * @param provider who makes it ({@code Amazon})
 * @param modelArn its ARN
 * @param customizations the customizations it supports ({@code FINE_TUNING}, {@code DISTILLATION},
 *     ...)
 * @param inferenceTypes how it can be invoked ({@code ON_DEMAND}, {@code PROVISIONED}, {@code
 *     INFERENCE_PROFILE})
 * @param inputModalities what it reads ({@code TEXT}, {@code IMAGE}, ...)
 * @param outputModalities what it writes
 * @param lifecycleStatus {@code ACTIVE} or {@code LEGACY}, or null
 */
public record FoundationModel(
    String modelId,
    String name,
    String provider,
    String modelArn,
    List<String> customizations,
    List<String> inferenceTypes,
    List<String> inputModalities,
    List<String> outputModalities,
    String lifecycleStatus) {

  /**
   * Checks that the model id is given; null lists become empty.
   *
   * @param modelId the id to use in jobs and Converse calls ({@code amazon.nova-lite-v1:0:300k})
   * @param name the display name ({@code Nova Lite})
   * @param provider who makes it ({@code Amazon})
   * @param modelArn its ARN
   * @param customizations the customizations it supports ({@code FINE_TUNING}, {@code
   *     DISTILLATION}, ...)
   * @param inferenceTypes how it can be invoked ({@code ON_DEMAND}, {@code PROVISIONED}, {@code
   *     INFERENCE_PROFILE})
   * @param inputModalities what it reads ({@code TEXT}, {@code IMAGE}, ...)
   * @param outputModalities what it writes
   * @param lifecycleStatus {@code ACTIVE} or {@code LEGACY}, or null
   */
  public FoundationModel {
    Objects.requireNonNull(modelId, "modelId");
    customizations = List.copyOf(Objects.requireNonNullElse(customizations, List.of()));
    inferenceTypes = List.copyOf(Objects.requireNonNullElse(inferenceTypes, List.of()));
    inputModalities = List.copyOf(Objects.requireNonNullElse(inputModalities, List.of()));
    outputModalities = List.copyOf(Objects.requireNonNullElse(outputModalities, List.of()));
  }
}
