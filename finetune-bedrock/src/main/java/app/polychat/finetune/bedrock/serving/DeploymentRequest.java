package app.polychat.finetune.bedrock.serving;

import app.polychat.finetune.support.Hashing;
import app.polychat.finetune.validate.BedrockRules;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What to deploy and how: on demand by default; provisioned throughput only when {@link
 * Builder#provisioned(int)} asks for it, without a commitment unless {@link Builder#commitment}
 * names one.
 *
 * <pre>{@code
 * DeploymentRequest onDemand = DeploymentRequest.onDemand(modelArn);
 * DeploymentRequest provisioned = DeploymentRequest.builder().modelArn(modelArn)
 *     .name("strudel-nova-lite-pt").provisioned(1).build();
 * }</pre>
 */
public final class DeploymentRequest {
  /** Bedrock's pattern for deployment and provisioned-throughput names. */
  static final Pattern NAME = Pattern.compile("([0-9a-zA-Z][_-]?){1,63}");

  static final int MAX_NAME = 63;

  private final String modelArn;
  private final String name;
  private final String description;
  private final DeploymentKind kind;
  private final int modelUnits;
  private final Commitment commitment;
  private final Map<String, String> tags;
  private final boolean quotaIncreased;

  private DeploymentRequest(Builder b) {
    this.modelArn = b.modelArn;
    this.name = b.name;
    this.description = b.description;
    this.kind = b.modelUnits > 0 ? DeploymentKind.PROVISIONED : DeploymentKind.ON_DEMAND;
    this.modelUnits = b.modelUnits;
    this.commitment = b.commitment;
    this.tags = Map.copyOf(b.tags);
    this.quotaIncreased = b.quotaIncreased;
  }

  /**
   * {@return an on-demand deployment of a custom model, named after the model}
   *
   * @param modelArn the custom model's ARN
   */
  public static DeploymentRequest onDemand(String modelArn) {
    return builder().modelArn(modelArn).build();
  }

  /** {@return a builder with the defaults described on each setter} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this request's settings, to derive another.
   *
   * @return this builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.modelArn = modelArn;
    b.name = name;
    b.description = description;
    b.modelUnits = modelUnits;
    b.commitment = commitment;
    b.tags = new TreeMap<>(tags);
    b.quotaIncreased = quotaIncreased;
    return b;
  }

  /** {@return the custom model to serve} */
  public String modelArn() {
    return modelArn;
  }

  /** {@return the deployment's name, or null to derive one from the model's name} */
  public String name() {
    return name;
  }

  /** {@return a description (on-demand deployments only), or null} */
  public String description() {
    return description;
  }

  /**
   * On demand, or provisioned when {@link Builder#provisioned(int)} was called.
   *
   * @return on demand or provisioned
   */
  public DeploymentKind kind() {
    return kind;
  }

  /**
   * Model units of provisioned throughput; 0 on demand.
   *
   * @return the model units, 0 for an on-demand deployment
   */
  public int modelUnits() {
    return modelUnits;
  }

  /** {@return the provisioned term; {@link Commitment#NONE} on demand} */
  public Commitment commitment() {
    return commitment;
  }

  /**
   * Tags put on the deployment.
   *
   * @return the tags, by key
   */
  public Map<String, String> tags() {
    return tags;
  }

  /**
   * {@return whether the account's Provisioned Throughput quotas were raised, so the default quotas
   * (1 model unit and 2 throughputs without commitment, 0 units committed) are not checked}
   */
  public boolean quotaIncreased() {
    return quotaIncreased;
  }

  /**
   * The idempotency token for a request with this (resolved) name: a hash of everything that
   * defines the deployment, so the same request sent again, after a timeout or from another
   * process, creates nothing new.
   */
  String requestToken(String resolvedName) {
    String key =
        String.join(
            "\n",
            kind.name(),
            modelArn,
            resolvedName,
            Integer.toString(modelUnits),
            commitment.name(),
            String.valueOf(description),
            new TreeMap<>(tags).toString());
    return Hashing.sha256Hex(key);
  }

  /**
   * A valid deployment name from a model's name: characters Bedrock does not allow become {@code
   * -}, separators never repeat, at most 63 characters.
   */
  static String nameFrom(String modelName, String suffix) {
    String raw = (modelName == null || modelName.isBlank() ? "model" : modelName) + suffix;
    StringBuilder out = new StringBuilder();
    boolean lastWasSeparator = true; // no leading separator
    for (char c : raw.toCharArray()) {
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (alnum) {
        out.append(c);
        lastWasSeparator = false;
      } else if (!lastWasSeparator) {
        out.append(c == '_' ? '_' : '-');
        lastWasSeparator = true;
      }
    }
    String name = out.length() > MAX_NAME ? out.substring(0, MAX_NAME) : out.toString();
    return name.isEmpty() ? "model" + suffix.replaceAll("[^0-9a-zA-Z]", "") : name;
  }

  /**
   * Bedrock's tag rules (Bedrock API model: shapes {@code TagKey}, {@code TagValue}; {@code
   * TooManyTagsException}: 50 tags per resource).
   */
  static void checkTags(Map<String, String> tags) {
    if (tags.size() > BedrockRules.MAX_TAGS) {
      throw new IllegalArgumentException(
          tags.size()
              + " tags: Bedrock takes at most "
              + BedrockRules.MAX_TAGS
              + " per resource; remove "
              + (tags.size() - BedrockRules.MAX_TAGS));
    }
    tags.forEach(
        (key, value) -> {
          if (key.isEmpty()
              || key.length() > BedrockRules.MAX_TAG_KEY_LENGTH
              || !BedrockRules.TAG_CHARACTERS.matcher(key).matches()
              || value.length() > BedrockRules.MAX_TAG_VALUE_LENGTH
              || !BedrockRules.TAG_CHARACTERS.matcher(value).matches()) {
            throw new IllegalArgumentException(
                "tag '"
                    + key
                    + "' = '"
                    + value
                    + "' is not accepted by Bedrock: keys 1-128 and values 0-256 characters of"
                    + " letters, digits, spaces and . _ : / = + @ -");
          }
        });
  }

  @Override
  public String toString() {
    return "DeploymentRequest{"
        + kind
        + ", "
        + modelArn
        + (name == null ? "" : ", name=" + name)
        + (kind == DeploymentKind.PROVISIONED
            ? ", units=" + modelUnits + ", commitment=" + commitment
            : "")
        + "}";
  }

  /** Builds a {@link DeploymentRequest}. */
  public static final class Builder {
    private String modelArn;
    private String name;
    private String description;
    private int modelUnits;
    private Commitment commitment = Commitment.NONE;
    private Map<String, String> tags = new TreeMap<>();
    private boolean quotaIncreased;

    private Builder() {}

    /**
     * The custom model's ARN (required).
     *
     * @param modelArn the custom model's ARN (required)
     * @return this builder
     */
    public Builder modelArn(String modelArn) {
      this.modelArn = Objects.requireNonNull(modelArn, "modelArn");
      return this;
    }

    /**
     * The deployment's name: 1-63 letters, digits, {@code -} and {@code _}, no two separators in a
     * row. Default: the model's name (with {@code -pt} for provisioned throughput).
     *
     * @param name the deployment's name: 1-63 letters, digits, {@code -} and {@code _}, no two
     *     separators in a row
     * @return this builder
     */
    public Builder name(String name) {
      if (name != null && (name.length() > MAX_NAME || !NAME.matcher(name).matches())) {
        throw new IllegalArgumentException(
            "'"
                + name
                + "' is not a valid deployment name: use 1-63 letters, digits, '-' and '_', starting"
                + " with a letter or digit, without two separators in a row (e.g. strudel-nova-lite)");
      }
      this.name = name;
      return this;
    }

    /**
     * A description (on-demand deployments): 1-2048 characters when given (shape {@code
     * CustomModelDeploymentDescription} of the Bedrock API model).
     *
     * @param description a description (on-demand deployments): 1-2048 characters when given (shape
     *     {@code CustomModelDeploymentDescription} of the Bedrock API model)
     * @return this builder
     */
    public Builder description(String description) {
      if (description != null
          && (description.isEmpty()
              || description.length() > BedrockRules.MAX_DEPLOYMENT_DESCRIPTION_LENGTH)) {
        throw new IllegalArgumentException(
            "a deployment description has 1-"
                + BedrockRules.MAX_DEPLOYMENT_DESCRIPTION_LENGTH
                + " characters, this one "
                + description.length()
                + (description.isEmpty() ? ": leave it out instead" : ": shorten it"));
      }
      this.description = description;
      return this;
    }

    /**
     * Says the account's Provisioned Throughput quotas were raised in Service Quotas, so the
     * default quotas are not checked before the cost is shown (default false).
     *
     * @param quotaIncreased says the account's Provisioned Throughput quotas were raised in Service
     *     Quotas, so the default quotas are not checked before the cost is shown (default false)
     * @return this builder
     */
    public Builder quotaIncreased(boolean quotaIncreased) {
      this.quotaIncreased = quotaIncreased;
      return this;
    }

    /**
     * Asks for provisioned throughput with this many model units instead of an on-demand
     * deployment. Billed every hour until deleted: only call this when you mean it.
     *
     * @param modelUnits the model units, at least 1
     * @return this builder
     */
    public Builder provisioned(int modelUnits) {
      if (modelUnits < 1) {
        throw new IllegalArgumentException(
            "provisioned throughput needs at least 1 model unit, was " + modelUnits);
      }
      this.modelUnits = modelUnits;
      return this;
    }

    /**
     * The provisioned term (default {@link Commitment#NONE}). A committed term is billed in full
     * and cannot be deleted before it ends.
     *
     * @param commitment the provisioned term (default {@link Commitment#NONE})
     * @return this builder
     */
    public Builder commitment(Commitment commitment) {
      this.commitment = Objects.requireNonNull(commitment, "commitment");
      return this;
    }

    /**
     * Tags put on the deployment (replaces earlier ones).
     *
     * @param tags the tags, by key
     * @return this builder
     */
    public Builder tags(Map<String, String> tags) {
      this.tags = new TreeMap<>(Objects.requireNonNull(tags, "tags"));
      return this;
    }

    /**
     * Adds one tag.
     *
     * @param key the tag's key
     * @param value the tag's value
     * @return this builder
     */
    public Builder addTag(String key, String value) {
      tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** {@return the DeploymentRequest, checking that everything required is set} */
    public DeploymentRequest build() {
      if (modelArn == null) {
        throw new IllegalStateException("modelArn is required: call modelArn(...)");
      }
      if (commitment != Commitment.NONE && modelUnits == 0) {
        throw new IllegalStateException(
            "a commitment applies only to provisioned throughput: call provisioned(units) too");
      }
      checkTags(tags);
      return new DeploymentRequest(this);
    }
  }
}
