package app.polychat.finetune;

import app.polychat.finetune.format.BedrockConversationFormatter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the generate stage. Defaults are the original toolkit's: 300 examples, every style
 * and complexity, an 80/20 split, files in {@code ./datasets/strudel}.
 */
public final class GenerateSpec {
  private final int count;
  private final List<String> styles;
  private final List<String> complexities;
  private final double trainRatio;
  private final long seed;
  private final boolean fresh;
  private final boolean retryFailed;
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
    this.outputDir = b.outputDir;
    this.formatId = b.formatId;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int count() {
    return count;
  }

  public List<String> styles() {
    return styles;
  }

  public List<String> complexities() {
    return complexities;
  }

  public double trainRatio() {
    return trainRatio;
  }

  public long seed() {
    return seed;
  }

  public boolean fresh() {
    return fresh;
  }

  public boolean retryFailed() {
    return retryFailed;
  }

  /** Null means the pipeline's output folder. */
  public Path outputDir() {
    return outputDir;
  }

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
    private boolean retryFailed;
    private Path outputDir;
    private String formatId = BedrockConversationFormatter.FORMAT_ID;

    private Builder() {}

    /** Examples to plan (default 300). */
    public Builder count(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("count must be >= 1, was " + count);
      }
      this.count = count;
      return this;
    }

    /** Styles to cycle (default: all in the prompt config). */
    public Builder styles(String... styles) {
      return styles(List.of(styles));
    }

    public Builder styles(List<String> styles) {
      this.styles = List.copyOf(styles);
      return this;
    }

    /** Complexities to cycle (default: all in the prompt config). */
    public Builder complexities(String... complexities) {
      return complexities(List.of(complexities));
    }

    public Builder complexities(List<String> complexities) {
      this.complexities = List.copyOf(complexities);
      return this;
    }

    /** Share for training (default 0.8); 1.0 writes no validation file. */
    public Builder trainRatio(double trainRatio) {
      if (!(trainRatio > 0 && trainRatio <= 1)) {
        throw new IllegalArgumentException("trainRatio must be in (0, 1], was " + trainRatio);
      }
      this.trainRatio = trainRatio;
      return this;
    }

    /** Split seed (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Start over instead of resuming an earlier run of the same plan. */
    public Builder fresh(boolean fresh) {
      this.fresh = fresh;
      return this;
    }

    /** Ask again for requests that failed in earlier runs. */
    public Builder retryFailed(boolean retryFailed) {
      this.retryFailed = retryFailed;
      return this;
    }

    public Builder outputDir(Path outputDir) {
      this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
      return this;
    }

    /** Dataset format of the written files (default {@code bedrock-conversation-2024}). */
    public Builder formatId(String formatId) {
      this.formatId = Objects.requireNonNull(formatId, "formatId");
      return this;
    }

    public GenerateSpec build() {
      return new GenerateSpec(this);
    }
  }
}
