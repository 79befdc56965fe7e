package app.polychat.finetune;

import java.util.Objects;

/** Settings of the upload stage. */
public final class UploadSpec {
  private final String project;

  private UploadSpec(Builder b) {
    this.project = b.project;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The project the files are stored under (default: the pipeline's project). */
  public String project() {
    return project;
  }

  /** Builds an {@link UploadSpec}. */
  public static final class Builder {
    private String project;

    private Builder() {}

    public Builder project(String project) {
      this.project = Objects.requireNonNull(project, "project");
      return this;
    }

    public UploadSpec build() {
      return new UploadSpec(this);
    }
  }
}
