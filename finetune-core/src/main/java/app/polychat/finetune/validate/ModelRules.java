package app.polychat.finetune.validate;

import app.polychat.finetune.job.CustomizationType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What Bedrock accepts when customizing one Nova model: one row of {@link BedrockRules#MODELS}.
 *
 * <pre>{@code
 * ModelRules lite = ModelRules.of("nova-lite");
 * lite.recordLimits(CustomizationType.FINE_TUNING).max();   // 20000
 * }</pre>
 *
 * @param modelId the base model identifier for customization jobs
 * @param alias the short name used on the command line and as the price key ({@code nova-lite})
 * @param displayName the name people use ({@code Amazon Nova Lite})
 * @param contextTokens tokens a training record may hold
 * @param recordLimits record counts per customization method; a method missing here is not
 *     supported for this model
 * @param validationSetSupported whether a validation file is used (Nova 2 Lite ignores it)
 * @param mediaSupported whether images, videos and documents may appear in user turns
 * @param reasoningSupported whether assistant turns may carry {@code reasoningContent}
 * @param toolUseSupported whether {@code toolUse}/{@code toolResult} blocks are accepted
 * @param hyperparameters accepted hyperparameter ranges (fine-tuning only)
 * @param warmupStepsDivisor AWS's warmup guidance: about records / divisor steps (0 when none)
 */
public record ModelRules(
    String modelId,
    String alias,
    String displayName,
    int contextTokens,
    Map<CustomizationType, RecordLimits> recordLimits,
    boolean validationSetSupported,
    boolean mediaSupported,
    boolean reasoningSupported,
    boolean toolUseSupported,
    List<HyperparameterRange> hyperparameters,
    int warmupStepsDivisor) {

  /**
   * Checks the names and copies the limits and ranges.
   *
   * @param modelId the base model identifier for customization jobs
   * @param alias the short name used on the command line and as the price key ({@code nova-lite})
   * @param displayName the name people use ({@code Amazon Nova Lite})
   * @param contextTokens tokens a training record may hold
   * @param recordLimits record counts per customization method; a method missing here is not
   *     supported for this model
   * @param validationSetSupported whether a validation file is used (Nova 2 Lite ignores it)
   * @param mediaSupported whether images, videos and documents may appear in user turns
   * @param reasoningSupported whether assistant turns may carry {@code reasoningContent}
   * @param toolUseSupported whether {@code toolUse}/{@code toolResult} blocks are accepted
   * @param hyperparameters accepted hyperparameter ranges (fine-tuning only)
   * @param warmupStepsDivisor AWS's warmup guidance: about records / divisor steps (0 when none)
   * @throws NullPointerException when the model id, alias, display name or record limits are null
   */
  public ModelRules {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(displayName, "displayName");
    recordLimits = Map.copyOf(Objects.requireNonNull(recordLimits, "recordLimits"));
    hyperparameters = List.copyOf(hyperparameters);
  }

  /**
   * {@return the rules for a model given by its id ({@code amazon.nova-lite-v1:0:300k}), its id
   * without the context suffix ({@code amazon.nova-lite-v1:0}), a foundation-model ARN, or its
   * alias ({@code nova-lite}); case does not matter}
   *
   * @param modelIdOrAlias the model, in any of the forms above
   * @throws IllegalArgumentException naming the models the toolkit knows
   */
  public static ModelRules of(String modelIdOrAlias) {
    return find(modelIdOrAlias)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown model '"
                        + modelIdOrAlias
                        + "': expected one of "
                        + known()
                        + " (Nova customization supports these base models)"));
  }

  /**
   * Like {@link #of} but empty when the model is unknown.
   *
   * @param modelIdOrAlias the model, in any of the forms {@link #of} takes
   * @return the rules, or empty when the model is unknown
   */
  public static Optional<ModelRules> find(String modelIdOrAlias) {
    if (modelIdOrAlias == null || modelIdOrAlias.isBlank()) {
      return Optional.empty();
    }
    String key = modelIdOrAlias.trim().toLowerCase(Locale.ROOT);
    if (key.startsWith("arn:")) {
      key = key.substring(key.lastIndexOf('/') + 1);
    }
    for (ModelRules rules : BedrockRules.MODELS) {
      String id = rules.modelId().toLowerCase(Locale.ROOT);
      if (key.equals(rules.alias()) || key.equals(id) || key.equals(rules.baseModelId())) {
        return Optional.of(rules);
      }
    }
    return Optional.empty();
  }

  /** {@return every known model} */
  public static List<ModelRules> all() {
    return BedrockRules.MODELS;
  }

  /** {@return the aliases and ids of every known model, for messages} */
  public static String known() {
    return BedrockRules.MODELS.stream()
        .map(r -> r.alias() + " (" + r.modelId() + ")")
        .collect(Collectors.joining(", "));
  }

  /** {@return the model id without the context-length suffix ({@code amazon.nova-lite-v1:0})} */
  public String baseModelId() {
    int last = modelId.lastIndexOf(':');
    return modelId.indexOf(':') == last ? modelId : modelId.substring(0, last);
  }

  /**
   * {@return whether this model can be customized with {@code method}}
   *
   * @param method the customization method
   */
  public boolean supports(CustomizationType method) {
    return recordLimits.containsKey(method);
  }

  /**
   * {@return the record limits for {@code method}}
   *
   * @param method the customization method
   * @throws IllegalArgumentException when the model does not support the method
   */
  public RecordLimits recordLimits(CustomizationType method) {
    RecordLimits limits = recordLimits.get(method);
    if (limits == null) {
      throw new IllegalArgumentException(
          displayName + " cannot be customized by " + describe(method));
    }
    return limits;
  }

  /**
   * {@return the range of a hyperparameter by its Bedrock name, if the model takes it}
   *
   * @param name the hyperparameter's Bedrock name ({@code epochCount})
   */
  public Optional<HyperparameterRange> hyperparameter(String name) {
    return hyperparameters.stream().filter(h -> h.name().equals(name)).findFirst();
  }

  /** {@return the teachers that can teach this model in a distillation job} */
  public List<DistillationTeacher> teachers() {
    return BedrockRules.TEACHERS.stream().filter(t -> t.teaches(this)).toList();
  }

  /**
   * {@code fine-tuning}, {@code distillation} or {@code reinforcement-fine-tuning}, as the command
   * line writes it.
   *
   * @param method the customization method
   * @return the method's name as the command line writes it
   */
  public static String describe(CustomizationType method) {
    return method.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a method as the command line writes it ({@code fine-tuning}, {@code distillation}) or as
   * Bedrock does ({@code FINE_TUNING}).
   *
   * @param method the method, in either form; case does not matter
   * @return the method
   * @throws IllegalArgumentException naming the accepted values
   */
  public static CustomizationType parseMethod(String method) {
    Objects.requireNonNull(method, "method");
    String key = method.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    if (key.equals("RFT")) {
      return CustomizationType.REINFORCEMENT_FINE_TUNING;
    }
    for (CustomizationType type : CustomizationType.values()) {
      if (type.name().equals(key)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown method '"
            + method
            + "': expected fine-tuning, distillation or reinforcement-fine-tuning (rft)");
  }
}
