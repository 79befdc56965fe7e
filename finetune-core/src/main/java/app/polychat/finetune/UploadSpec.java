package app.polychat.finetune;

import app.polychat.finetune.store.Placement;
import java.util.Objects;

/**
 * Settings of the upload stage.
 *
 * <pre>{@code
 * generation.upload(u -> u.project("strudel"));             // strudel/<content hash>/: reused
 * generation.upload(u -> u.project("strudel").fresh(true)); // strudel/<timestamp>/: a new copy
 * }</pre>
 */
public final class UploadSpec {
  private final String project;
  private final boolean fresh;

  private UploadSpec(Builder b) {
    this.project = b.project;
    this.fresh = b.fresh;
  }

  /**
   * Starts building upload settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the project the files are stored under (default: the pipeline's project)} */
  public String project() {
    return project;
  }

  /** {@return whether a new, timestamped copy was asked for instead of reusing stored files} */
  public boolean fresh() {
    return fresh;
  }

  /**
   * {@return where the store puts the files: by content hash, or a new timestamped folder when
   * fresh}
   */
  public Placement placement() {
    return fresh ? Placement.TIMESTAMPED : Placement.CONTENT_ADDRESSED;
  }

  /** Builds an {@link UploadSpec}. */
  public static final class Builder {
    private String project;
    private boolean fresh;

    private Builder() {}

    /**
     * The project the files are stored under (default: the pipeline's).
     *
     * @param project the project
     * @return this builder
     */
    public Builder project(String project) {
      this.project = Objects.requireNonNull(project, "project");
      return this;
    }

    /**
     * True stores a new copy in a timestamped folder, with new URIs (and so a new job on {@code
     * train()}); default false, which stores the files by content hash and reuses an identical copy
     * already there, so a rerun gives the same URIs and the same job.
     *
     * @param fresh true stores a new copy in a timestamped folder, with new URIs (and so a new job
     *     on {@code train()}); default false, which stores the files by content hash and reuses an
     *     identical copy already there, so a rerun gives the same URIs and the same job
     * @return this builder
     */
    public Builder fresh(boolean fresh) {
      this.fresh = fresh;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     */
    public UploadSpec build() {
      /**
       * Builds the settings.
       *
       * @return the settings
       */
      return new UploadSpec(this);
    }
  }
}
