package app.polychat.finetune.format;

import app.polychat.finetune.example.TrainingExample;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes a JSONL file one record at a time, all or nothing: lines go to a temporary file beside the
 * target, and {@link #commit()} flushes it to disk and renames it over the target atomically. A
 * crash, an exception or a {@link #close()} without commit leaves the target as it was (a previous
 * complete file, or none) and removes the temporary file.
 *
 * <pre>{@code
 * try (JsonlWriter out = JsonlWriter.create(Path.of("datasets/strudel/train.jsonl"))) {
 *   examples.forEach(e -> out.write(formatter.encode(e)));
 *   out.commit();
 * }
 * }</pre>
 */
public final class JsonlWriter implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final BufferedWriter writer;
  private long lines;
  private boolean committed;
  private boolean closed;

  private JsonlWriter(Path target) throws IOException {
    this.target = target.toAbsolutePath();
    Path dir = this.target.getParent();
    Files.createDirectories(dir);
    removeAbandonedTempFiles(dir, this.target.getFileName().toString());
    this.temp = Files.createTempFile(dir, "." + this.target.getFileName() + ".", ".tmp");
    // temp files are created private (0600); a dataset is an ordinary file (0644 on POSIX systems)
    if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(
          temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }
    this.channel = FileChannel.open(temp, StandardOpenOption.WRITE);
    this.writer =
        new BufferedWriter(
            new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8),
            1 << 16);
  }

  /**
   * Deletes temporary files a killed process left for this target (older than a minute, so a writer
   * still running elsewhere is not disturbed). The target itself was never touched.
   */
  private static void removeAbandonedTempFiles(Path dir, String name) throws IOException {
    long cutoff = System.currentTimeMillis() - 60_000;
    try (var files = Files.newDirectoryStream(dir, "." + name + ".*.tmp")) {
      for (Path file : files) {
        if (Files.getLastModifiedTime(file).toMillis() < cutoff) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /**
   * Opens a writer whose lines become {@code target} on {@link #commit()}.
   *
   * @param target the file the lines end up in; missing folders are created now
   * @return the writer, which the caller closes (closing without committing leaves the target as it
   *     was)
   * @throws java.io.UncheckedIOException when the folder or the temporary file cannot be created
   */
  public static JsonlWriter create(Path target) {
    Objects.requireNonNull(target, "target");
    try {
      return new JsonlWriter(target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Appends one line (it must not contain a line break).
   *
   * @param line the line, without a line break
   * @throws IllegalArgumentException when the line contains a line break
   */
  public void write(String line) {
    if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a JSONL record must be on one line");
    }
    try {
      writer.write(line);
      writer.write('\n');
      lines++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Encodes and appends one example.
   *
   * @param example the example to append
   * @param formatter encodes the example as one line
   */
  public void write(TrainingExample example, DatasetFormatter formatter) {
    write(formatter.encode(example));
  }

  /**
   * Lines written so far.
   *
   * @return the number of lines written so far
   */
  public long lines() {
    return lines;
  }

  /**
   * The file the lines become on {@link #commit()}.
   *
   * @return the target path
   */
  public Path target() {
    return target;
  }

  /** Makes the file durable and visible at the target path, replacing what was there. */
  public void commit() {
    if (closed) {
      throw new IllegalStateException("writer for " + target + " is closed");
    }
    try {
      writer.flush();
      channel.force(true);
      writer.close();
      closed = true;
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      committed = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish " + target + ": " + e.getMessage(), e);
    }
  }

  /** Without a {@link #commit()} first, discards everything written. */
  @Override
  public void close() {
    try {
      if (!closed) {
        writer.close();
        closed = true;
      }
      if (!committed) {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + target + ": " + e.getMessage(), e);
    }
  }
}
