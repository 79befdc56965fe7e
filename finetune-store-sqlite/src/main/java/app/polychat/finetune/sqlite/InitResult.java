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

  /** Whether the file was written. */
  public boolean changed() {
    return outcome != Outcome.ALREADY_EXISTS;
  }
}
