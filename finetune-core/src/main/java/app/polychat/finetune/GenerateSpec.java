package app.polychat.finetune;

import app.polychat.finetune.format.BedrockConversationFormatter;
import app.polychat.finetune.generate.GenerationOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the generate stage. Defaults are the original toolkit's: 300 examples, every style
 * and complexity, an 80/20 split, files in {@code ./datasets/strudel}; a rerun asks again for what
 * failed before, up to 3 asks per request, and a short dataset is refused unless {@link
 * Builder#allowPartial allowed}.
 */
public final class GenerateSpec {
  private final int count;
  private final List<String> styles;
  private final List<String> complexities;
  private final double trainRatio;
  private final long seed;
  private final boolean fresh;
  private final boolean retryFailed;
  private final int maxAttempts;
  private final boolean allowPartial;
  private final boolean countGiven;
  private final Path outputDir;
  private final String formatId;

  private GenerateSpec(Builder b) {
    this.count = b.count;
    this.styles = List.copyOf(b.styles);
    this.complexities = List.copyOf(b.complexities);
    this.trainRatio = b.trainRatio;
    this.seed = b.seed;
    this.fresh = b.fresh;
    this.retryFailed = b.retryFailed;
    this.maxAttempts = b.maxAttempts;
    this.allowPartial = b.allowPartial;
    this.countGiven = b.countGiven;
    this.outputDir = b.outputDir;
    this.formatId = b.formatId;
  }

  /**
   * Starts building generation settings: every setting has a default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The number of examples to plan.
   *
   * @return at least 1 (default 300)
   */
  public int count() {
    return count;
  }

  /**
   * The styles to cycle.
   *
   * @return the styles; empty means all in the prompt config
   */
  public List<String> styles() {
    return styles;
  }

  /**
   * The complexities to cycle.
   *
   * @return the complexities; empty means all in the prompt config
   */
  public List<String> complexities() {
    return complexities;
  }

  /**
   * The share of examples for training.
   *
   * @return a share above 0 and at most 1 (default 0.8)
   */
  public double trainRatio() {
    return trainRatio;
  }

  /**
   * The seed of the train/validation split.
   *
   * @return the seed (default 42)
   */
  public long seed() {
    return seed;
  }

  /**
   * Whether to start a new run instead of resuming the latest run of the same plan.
   *
   * @return true to start over (default false)
   */
  public boolean fresh() {
    return fresh;
  }

  /**
   * Whether to ask again for requests that failed in earlier runs.
   *
   * @return true to ask again, up to {@link #maxAttempts()} (default true)
   */
  public boolean retryFailed() {
    return retryFailed;
  }

  /**
   * Asks per request across runs before a failure is left as it is.
   *
   * @return the attempt cap per request, at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** {@return whether a short dataset is written and accepted} */
  public boolean allowPartial() {
    return allowPartial;
  }

  /** {@return whether {@link Builder#count} was called (otherwise the count is the default)} */
  public boolean countGiven() {
    return countGiven;
  }

  /**
   * Null means the pipeline's output folder.
   *
   * @return the folder the dataset files go to, or null
   */
  public Path outputDir() {
    return outputDir;
  }

  /**
   * The format of the dataset files.
   *
   * @return a format id (default {@code bedrock-conversation-2024})
   */
  public String formatId() {
    return formatId;
  }

  /** Builds a {@link GenerateSpec}. */
  public static final class Builder {
    private int count = 300;
    private List<String> styles = List.of();
    private List<String> complexities = List.of();
    private double trainRatio = 0.8;
    private long seed = 42;
    private boolean fresh;
    private boolean retryFailed = true;
    private int maxAttempts = GenerationOptions.DEFAULT_MAX_ATTEMPTS;
    private boolean allowPartial;
    private boolean countGiven;
    private Path outputDir;
    private String formatId = BedrockConversationFormatter.FORMAT_ID;

    private Builder() {}

    /**
     * Examples to plan (default 300, or what the source can answer when that is fewer: see {@link
     * app.polychat.finetune.source.ExampleSource#capacity()}).
     *
     * @param count examples to plan (default 300, or what the source can answer when that is fewer:
     *     see {@link app.polychat.finetune.source.ExampleSource#capacity()})
     * @return this builder
     */
    public Builder count(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("count must be >= 1, was " + count);
      }
      this.count = count;
      this.countGiven = true;
      return this;
    }

    /**
     * Styles to cycle (default: all in the prompt config).
     *
     * @param styles styles to cycle (default: all in the prompt config)
     * @return this builder
     */
    public Builder styles(String... styles) {
      return styles(List.of(styles));
    }

    /**
     * Styles to cycle (default: all in the prompt config).
     *
     * @param styles the style names
     * @return this builder
     */
    public Builder styles(List<String> styles) {
      this.styles = List.copyOf(styles);
      return this;
    }

    /**
     * Complexities to cycle (default: all in the prompt config).
     *
     * @param complexities complexities to cycle (default: all in the prompt config)
     * @return this builder
     */
    public Builder complexities(String... complexities) {
      return complexities(List.of(complexities));
    }

    /**
     * Complexities to cycle (default: all in the prompt config).
     *
     * @param complexities the complexity names
     * @return this builder
     */
    public Builder complexities(List<String> complexities) {
      this.complexities = List.copyOf(complexities);
      return this;
    }

    /**
     * Share for training (default 0.8); 1.0 writes no validation file.
     *
     * @param trainRatio share for training (default 0.8); 1.0 writes no validation file
     * @return this builder
     */
    public Builder trainRatio(double trainRatio) {
      if (!(trainRatio > 0 && trainRatio <= 1)) {
        throw new IllegalArgumentException("trainRatio must be in (0, 1], was " + trainRatio);
      }
      this.trainRatio = trainRatio;
      return this;
    }

    /**
     * Split seed (default 42).
     *
     * @param seed split seed (default 42)
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Start over instead of resuming an earlier run of the same plan.
     *
     * @param fresh start over instead of resuming an earlier run of the same plan
     * @return this builder
     */
    public Builder fresh(boolean fresh) {
      this.fresh = fresh;
      return this;
    }

    /**
     * Ask again for requests that failed in earlier runs, up to {@link #maxAttempts} asks each
     * (default true); false leaves them failed.
     *
     * @param retryFailed ask again for requests that failed in earlier runs, up to {@link
     *     #maxAttempts} asks each (default true); false leaves them failed
     * @return this builder
     */
    public Builder retryFailed(boolean retryFailed) {
      this.retryFailed = retryFailed;
      return this;
    }

    /**
     * How many runs may ask the teacher for one request before its failure is left as it is
     * (default 3). A source's own retries within one ask, and failures because the whole teacher
     * was unavailable (a refused key, an open circuit), do not count.
     *
     * @param maxAttempts how many runs may ask the teacher for one request before its failure is
     *     left as it is (default 3)
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Write and record the dataset even when some planned requests have no answer (default false:
     * {@code generate} then throws {@link
     * app.polychat.finetune.generate.GenerationIncompleteException} and writes nothing). A dataset
     * without a single example is never written.
     *
     * @param allowPartial write and record the dataset even when some planned requests have no
     *     answer (default false: {@code generate} then throws {@link
     *     app.polychat.finetune.generate.GenerationIncompleteException} and writes nothing)
     * @return this builder
     */
    public Builder allowPartial(boolean allowPartial) {
      this.allowPartial = allowPartial;
      return this;
    }

    /**
     * The folder to write the dataset to (default: the pipeline's output folder).
     *
     * @param outputDir the folder, or null for the default
     * @return this builder
     */
    public Builder outputDir(Path outputDir) {
      this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
      return this;
    }

    /**
     * The folder to write the dataset to (default: the pipeline's output folder).
     *
     * @param outputDir the folder, or null for the default
     * @return this builder
     */

    /**
     * Dataset format of the written files (default {@code bedrock-conversation-2024}).
     *
     * @param formatId dataset format of the written files (default {@code
     *     bedrock-conversation-2024})
     * @return this builder
     */
    public Builder formatId(String formatId) {
      this.formatId = Objects.requireNonNull(formatId, "formatId");
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     */
    public GenerateSpec build() {
      return new GenerateSpec(this);
    }
  }
}
