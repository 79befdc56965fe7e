package app.polychat.finetune.bedrock.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading Bedrock model identifiers and ARNs: which kind of resource an ARN names, the foundation
 * model id inside a base-model ARN, and the context length in a model id's suffix. Not public API.
 */
public final class ModelIds {
  private static final String FOUNDATION = ":foundation-model/";
  private static final String CUSTOM_MODEL = ":custom-model/";
  private static final String DEPLOYMENT = ":custom-model-deployment/";
  private static final String PROVISIONED = ":provisioned-model/";
  private static final Pattern CUSTOM_MODEL_BASE =
      Pattern.compile(":custom-model/([a-z0-9.:-]+)/[a-z0-9]{12}$");
  private static final Pattern CONTEXT_SUFFIX = Pattern.compile(":(\\d+)k$");
  private static final Pattern NOVA_FAMILY = Pattern.compile("nova-(2-)?(micro|lite|pro|premier)");

  private ModelIds() {}

  /** Whether the text is an ARN of a custom model (the output of a customization job). */
  public static boolean isCustomModelArn(String id) {
    return id != null && id.startsWith("arn:") && id.contains(CUSTOM_MODEL);
  }

  /** Whether the text is an ARN of an on-demand custom model deployment. */
  public static boolean isDeploymentArn(String id) {
    return id != null && id.startsWith("arn:") && id.contains(DEPLOYMENT);
  }

  /** Whether the text is an ARN of a provisioned throughput. */
  public static boolean isProvisionedArn(String id) {
    return id != null && id.startsWith("arn:") && id.contains(PROVISIONED);
  }

  /**
   * The model id of a foundation-model ARN ({@code arn:aws:bedrock:us-east-1::foundation-model/
   * amazon.nova-lite-v1:0:300k} → {@code amazon.nova-lite-v1:0:300k}); any other text unchanged.
   */
  public static String foundationModelId(String arnOrId) {
    if (arnOrId == null) {
      return null;
    }
    int at = arnOrId.indexOf(FOUNDATION);
    return at < 0 ? arnOrId : arnOrId.substring(at + FOUNDATION.length());
  }

  /**
   * The context window a model id's suffix names ({@code :300k} → 300,000), or 0 when the id has no
   * such suffix.
   */
  public static int contextTokens(String modelId) {
    if (modelId == null) {
      return 0;
    }
    Matcher m = CONTEXT_SUFFIX.matcher(foundationModelId(modelId));
    return m.find() ? Integer.parseInt(m.group(1)) * 1000 : 0;
  }

  /**
   * The Nova family a model id, inference profile id or ARN names: {@code nova-micro}, {@code
   * nova-lite}, {@code nova-pro}, {@code nova-premier} or {@code nova-2-lite}; null when it names
   * none.
   */
  public static String novaFamily(String modelId) {
    if (modelId == null) {
      return null;
    }
    Matcher m = NOVA_FAMILY.matcher(modelId.toLowerCase(Locale.ROOT));
    return m.find() ? m.group() : null;
  }

  /**
   * The base model a custom model ARN names ({@code arn:aws:bedrock:us-east-1:123456789012:
   * custom-model/amazon.nova-lite-v1:0:300k/abcdefgh1234} → {@code amazon.nova-lite-v1:0:300k}), as
   * the Bedrock API model's {@code CustomModelArn} pattern lays it out; null for an imported model
   * or any other text.
   */
  public static String baseModelOfCustomModelArn(String arn) {
    if (!isCustomModelArn(arn)) {
      return null;
    }
    Matcher m = CUSTOM_MODEL_BASE.matcher(arn);
    return m.find() && !"imported".equals(m.group(1)) ? m.group(1) : null;
  }

  /** The last path segment of an ARN (its id), or the text itself. */
  public static String lastSegment(String arn) {
    int slash = arn.lastIndexOf('/');
    return slash < 0 ? arn : arn.substring(slash + 1);
  }
}
