package app.polychat.finetune.sqlite;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link SqliteDatabase#initialize} did.
 *
 * @param outcome created, re-initialized, or left as it was
 * @param path the database file, absolute
 * @param backup where the previous file was saved before a re-initialization, or null
 * @param schemaVersion the file's schema version now
 */
public record InitResult(Outcome outcome, Path path, Path backup, int schemaVersion) {
  /**
   * Checks that the outcome and path are given.
   *
   * @param outcome created, re-initialized, or left as it was
   * @param path the database file, absolute
   * @param backup where the previous file was saved before a re-initialization, or null
   * @param schemaVersion the file's schema version now
   * @throws NullPointerException when {@code outcome} or {@code path} is null
   */
  public InitResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(path, "path");
  }

  /** What happened to the file. */
  public enum Outcome {
    /** There was no database: a new one was made. */
    CREATED,
    /** There was one and {@code force} was set: it was backed up, then started afresh. */
    REINITIALIZED,
    /** There was one and {@code force} was not set: nothing was changed. */
    ALREADY_EXISTS
  }

  /**
   * Whether the file was written.
   *
   * @return true when the file was created or re-initialized, false when it was left as it was
   */
  public boolean changed() {
    return outcome != Outcome.ALREADY_EXISTS;
  }
}
