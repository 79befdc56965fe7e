package app.polychat.finetune.bedrock.serving;

import app.polychat.finetune.bedrock.internal.InferencePricing;
import app.polychat.finetune.bedrock.internal.ModelIds;
import app.polychat.finetune.cost.PriceTable;
import app.polychat.finetune.support.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A custom model as a Polychat {@code ModelDefinition}: the TypeScript constant the Polychat API
 * reads its models from, in the shape of the original toolkit's {@code model export}.
 *
 * <pre>{@code
 * String ts = PolychatModelExport.forModel(info)
 *     .id("strudel-nova-pro").project("strudel").providerId(deployment.arn())
 *     .build().toTypeScript();
 * }</pre>
 *
 * produces
 *
 * <pre>
 * export const strudel_nova_proModel: ModelDefinition = {
 * 	id: "strudel-nova-pro",
 * 	name: "Strudel Nova Pro",
 * 	provider: "bedrock",
 * 	providerId: "arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/…",
 * 	capabilities: { chat: true, streaming: true, tools: true },
 * 	pricing: { input: 0.0008, output: 0.0032 },
 * 	context: 300000,
 * 	tags: ["custom", "fine-tuned", "strudel", "nova"],
 * };
 * </pre>
 */
public final class PolychatModelExport {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private final String id;
  private final String name;
  private final String providerId;
  private final String sourceArn;
  private final String baseModelId;
  private final BigDecimal inputPer1k;
  private final BigDecimal outputPer1k;
  private final String pricesAsOf;
  private final int contextTokens;
  private final List<String> tags;
  private final boolean chat;
  private final boolean streaming;
  private final boolean tools;

  private PolychatModelExport(Builder b, BigDecimal in, BigDecimal out, String asOf, int context) {
    this.id = b.id;
    this.name = b.name != null ? b.name : titleCase(b.id);
    this.providerId = b.providerId;
    this.sourceArn = b.sourceArn;
    this.baseModelId = b.baseModelId;
    this.inputPer1k = in;
    this.outputPer1k = out;
    this.pricesAsOf = asOf;
    this.contextTokens = context;
    LinkedHashSet<String> unique = new LinkedHashSet<>(b.tags);
    if (b.project != null) {
      List<String> ordered = new ArrayList<>(unique);
      ordered.add(Math.min(2, ordered.size()), b.project);
      unique = new LinkedHashSet<>(ordered);
    }
    this.tags = List.copyOf(unique);
    this.chat = b.chat;
    this.streaming = b.streaming;
    this.tools = b.tools;
  }

  /** {@return a builder with the defaults described on each setter} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return a builder filled from a custom model: its base model (for context and prices), its ARN
   * as the source, and the tags {@code custom}, {@code fine-tuned} or {@code distilled}, and the
   * family ({@code nova})} The provider id defaults to the model ARN; set it to the deployment or
   * provisioned throughput ARN that Polychat will invoke.
   *
   * @param model the custom model, as {@code ModelCatalog} describes it
   */
  public static Builder forModel(CustomModelInfo model) {
    Objects.requireNonNull(model, "model");
    Builder b = builder().baseModelId(model.baseModelId()).sourceArn(model.modelArn());
    b.providerId = model.modelArn();
    List<String> tags = new ArrayList<>();
    tags.add("custom");
    tags.add(model.distilled() ? "distilled" : "fine-tuned");
    String family = ModelIds.novaFamily(model.baseModelId());
    if (family != null) {
      tags.add("nova");
    }
    b.tags = tags;
    return b;
  }

  /**
   * {@return a builder filled from a custom model's ARN alone, as the original toolkit exported
   * without AWS credentials: the base model is read from the ARN ({@code …:custom-model/<base
   * model>/<id>}), which gives the context length and the prices from the price table; the tags are
   * {@code custom}, {@code fine-tuned} (the ARN does not say whether it was distilled) and the
   * family ({@code nova})} The provider id defaults to the ARN; set the deployment ARN Polychat
   * will invoke.
   *
   * @param customModelArn the custom model's ARN
   * @throws IllegalArgumentException when the text is not a custom model ARN naming its base model
   */
  public static Builder forArn(String customModelArn) {
    Objects.requireNonNull(customModelArn, "customModelArn");
    String base = ModelIds.baseModelOfCustomModelArn(customModelArn);
    if (base == null) {
      throw new IllegalArgumentException(
          "'"
              + customModelArn
              + "' is not a custom model ARN that names its base model"
              + " (arn:aws:bedrock:<region>:<account>:custom-model/<base model id>/<12-character"
              + " id>): give that ARN, or export with AWS credentials");
    }
    Builder b = builder().baseModelId(base).sourceArn(customModelArn);
    b.providerId = customModelArn;
    List<String> tags = new ArrayList<>();
    tags.add("custom");
    tags.add("fine-tuned");
    if (ModelIds.novaFamily(base) != null) {
      tags.add("nova");
    }
    b.tags = tags;
    return b;
  }

  /** {@return the exported model's id ({@code strudel-nova-pro})} */
  public String id() {
    return id;
  }

  /**
   * {@return the TypeScript constant's name: the id with {@code _} for {@code -}, then {@code
   * Model}}
   */
  public String constantName() {
    return id.replace('-', '_') + "Model";
  }

  /** {@return the TypeScript source: a comment saying where it came from, then the constant} */
  public String toTypeScript() {
    StringBuilder ts = new StringBuilder();
    ts.append("// Generated by finetune model export");
    if (sourceArn != null) {
      ts.append(" from ").append(sourceArn);
    }
    ts.append(".\n");
    if (baseModelId != null) {
      ts.append("// Pricing: USD per 1K tokens, the on-demand rates of the base model ")
          .append(baseModelId);
      if (pricesAsOf != null) {
        ts.append(" (price table of ").append(pricesAsOf).append(')');
      }
      ts.append(".\n");
    }
    ts.append("export const ").append(constantName()).append(": ModelDefinition = {\n");
    ts.append("\tid: ").append(Json.write(id)).append(",\n");
    ts.append("\tname: ").append(Json.write(name)).append(",\n");
    ts.append("\tprovider: \"bedrock\",\n");
    ts.append("\tproviderId: ").append(Json.write(providerId)).append(",\n");
    ts.append("\tcapabilities: { chat: ")
        .append(chat)
        .append(", streaming: ")
        .append(streaming)
        .append(", tools: ")
        .append(tools)
        .append(" },\n");
    ts.append("\tpricing: { input: ")
        .append(number(inputPer1k))
        .append(", output: ")
        .append(number(outputPer1k))
        .append(" },\n");
    ts.append("\tcontext: ").append(contextTokens).append(",\n");
    ts.append("\ttags: [")
        .append(tags.stream().map(Json::write).collect(Collectors.joining(", ")))
        .append("],\n");
    ts.append("};\n");
    return ts.toString();
  }

  /**
   * Writes {@link #toTypeScript()} to a file, creating its folder (atomically).
   *
   * @param file the TypeScript file to write
   * @return the absolute path written
   */
  public Path writeTo(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try {
        Files.writeString(temp, toTypeScript(), StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String number(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  /** {@code strudel-nova-pro} → {@code Strudel Nova Pro}. */
  static String titleCase(String id) {
    return java.util.Arrays.stream(id.split("[-_]+"))
        .filter(w -> !w.isEmpty())
        .map(w -> w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1))
        .collect(Collectors.joining(" "));
  }

  @Override
  public String toString() {
    return "PolychatModelExport{" + id + ", " + providerId + "}";
  }

  /** Builds a {@link PolychatModelExport}. */
  public static final class Builder {
    private String id;
    private String name;
    private String providerId;
    private String sourceArn;
    private String baseModelId;
    private BigDecimal inputPer1k;
    private BigDecimal outputPer1k;
    private Integer contextTokens;
    private String project;
    private List<String> tags = new ArrayList<>();
    private boolean chat = true;
    private boolean streaming = true;
    private boolean tools = true;
    private InferencePricing pricing;

    private Builder() {}

    /**
     * The model's id in Polychat: lowercase letters, digits and {@code -}, e.g. {@code
     * strudel-nova-pro} (required).
     *
     * @param id the model's id in Polychat: lowercase letters, digits and {@code -}, e.g. {@code
     *     strudel-nova-pro} (required)
     * @return this builder
     */
    public Builder id(String id) {
      Objects.requireNonNull(id, "id");
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            "'"
                + id
                + "' is not a valid model id: use lowercase letters, digits and '-', starting with a"
                + " letter or digit (e.g. strudel-nova-pro)");
      }
      this.id = id;
      return this;
    }

    /**
     * The display name (default the id in title case: {@code Strudel Nova Pro}).
     *
     * @param name the display name (default the id in title case: {@code Strudel Nova Pro})
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * What Polychat passes to Bedrock as the model id: the deployment or provisioned throughput ARN
     * (a custom model's own ARN cannot be invoked).
     *
     * @param providerId what Polychat passes to Bedrock as the model id: the deployment or
     *     provisioned throughput ARN (a custom model's own ARN cannot be invoked)
     * @return this builder
     */
    public Builder providerId(String providerId) {
      this.providerId = Objects.requireNonNull(providerId, "providerId");
      return this;
    }

    /**
     * The custom model the export describes, for the header comment.
     *
     * @param sourceArn the custom model the export describes, for the header comment
     * @return this builder
     */
    public Builder sourceArn(String sourceArn) {
      this.sourceArn = sourceArn;
      return this;
    }

    /**
     * The base model: sets the context length and the on-demand prices unless given.
     *
     * @param baseModelId the base model: sets the context length and the on-demand prices unless
     *     given
     * @return this builder
     */
    public Builder baseModelId(String baseModelId) {
      this.baseModelId = baseModelId;
      return this;
    }

    /**
     * Prices per 1,000 tokens in USD (default the base model's on-demand rates).
     *
     * @param inputPer1k US dollars per 1,000 prompt tokens
     * @param outputPer1k US dollars per 1,000 answer tokens
     * @return this builder
     */
    public Builder pricing(BigDecimal inputPer1k, BigDecimal outputPer1k) {
      this.inputPer1k = Objects.requireNonNull(inputPer1k, "inputPer1k");
      this.outputPer1k = Objects.requireNonNull(outputPer1k, "outputPer1k");
      return this;
    }

    /**
     * The context window in tokens (default from the base model id, e.g. 300,000 for :300k).
     *
     * @param contextTokens the context window in tokens (default from the base model id, e.g.
     *     300,000 for :300k)
     * @return this builder
     */
    public Builder contextTokens(int contextTokens) {
      if (contextTokens < 1) {
        throw new IllegalArgumentException("contextTokens must be positive, was " + contextTokens);
      }
      this.contextTokens = contextTokens;
      return this;
    }

    /**
     * The project, added as a tag after the kind tags ({@code strudel}).
     *
     * @param project the project, added as a tag after the kind tags ({@code strudel})
     * @return this builder
     */
    public Builder project(String project) {
      this.project = project == null || project.isBlank() ? null : project.trim();
      return this;
    }

    /**
     * The tags (replaces earlier ones; {@link #project} is added to them).
     *
     * @param tags the tags (replaces earlier ones; {@link #project} is added to them)
     * @return this builder
     */
    public Builder tags(List<String> tags) {
      this.tags = new ArrayList<>(tags);
      return this;
    }

    /**
     * What the model can do in Polychat (default all true, as Nova can).
     *
     * @param chat whether the model chats
     * @param streaming whether it streams answers
     * @param tools whether it calls tools
     * @return this builder
     */
    public Builder capabilities(boolean chat, boolean streaming, boolean tools) {
      this.chat = chat;
      this.streaming = streaming;
      this.tools = tools;
      return this;
    }

    /**
     * The prices behind the cost figures (default {@link PriceTable#load()}, the bundled table).
     *
     * @param priceTable the prices behind the cost figures (default {@link PriceTable#load()}, the
     *     bundled table)
     * @return this builder
     */
    public Builder priceTable(PriceTable priceTable) {
      this.pricing = InferencePricing.of(Objects.requireNonNull(priceTable, "priceTable"));
      return this;
    }

    /** {@return the PolychatModelExport, checking that everything required is set} */
    public PolychatModelExport build() {
      if (id == null) {
        throw new IllegalStateException("id is required: call id(\"strudel-nova-pro\")");
      }
      if (providerId == null) {
        throw new IllegalStateException(
            "providerId is required: call providerId(deploymentArn) with the ARN Polychat invokes");
      }
      BigDecimal in = inputPer1k;
      BigDecimal out = outputPer1k;
      String asOf = null;
      if (in == null) {
        InferencePricing pricing =
            this.pricing != null ? this.pricing : InferencePricing.defaults();
        if (baseModelId == null || !pricing.knows(baseModelId)) {
          throw new IllegalStateException(
              "no prices for "
                  + (baseModelId == null ? "an unknown base model" : "base model " + baseModelId)
                  + ": call pricing(input, output) with USD per 1K tokens");
        }
        InferencePricing.Rates rates = pricing.model(baseModelId);
        in = rates.inputPer1k();
        out = rates.outputPer1k();
        asOf = pricing.asOf();
      }
      int context = contextTokens != null ? contextTokens : ModelIds.contextTokens(baseModelId);
      if (context < 1) {
        throw new IllegalStateException(
            "the context length is unknown"
                + (baseModelId == null ? "" : " for " + baseModelId)
                + ": call contextTokens(...)");
      }
      return new PolychatModelExport(this, in, out, asOf, context);
    }
  }
}
