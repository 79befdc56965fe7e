package app.polychat.finetune.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a text file so that readers see the old file or the whole new one, never a part: the text
 * goes to a temporary file in the same folder, is flushed to disk, and is renamed over the target.
 * Used by the reports and the run manifest of this package.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code text} (UTF-8) to {@code file}, creating its folder.
   *
   * @throws ReportException naming the file when it cannot be written
   */
  static Path write(Path file, String text) {
    Path target = file.toAbsolutePath().normalize();
    Path dir = target.getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      // not createTempFile: its owner-only permissions would stay on the renamed file
      temp = dir.resolve("." + target.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
      try (var channel =
          java.nio.channels.FileChannel.open(
              temp,
              java.nio.file.StandardOpenOption.CREATE_NEW,
              java.nio.file.StandardOpenOption.WRITE)) {
        var buffer = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the temporary file is left behind; the target is untouched
        }
      }
      throw new ReportException(
          "cannot write " + target + ": " + e + " (check that the folder exists and is writable)",
          e);
    }
  }
}
