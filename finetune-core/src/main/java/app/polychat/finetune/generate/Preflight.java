package app.polychat.finetune.generate;

import app.polychat.finetune.support.FineTuneException;
import app.polychat.finetune.track.RunTracker;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * What is checked before the first paid request, so that a run never pays for answers it cannot
 * keep: the output folder is a folder this process can write, the journal can be written, and the
 * disk has room for what the run will write.
 *
 * <p>Room needed: {@value #BYTES_PER_REQUEST} bytes per request still to do, plus {@value
 * #BASE_BYTES} bytes. An answer is typically 2 to 3 KB and at most about 32 KB (the Polychat API
 * caps answers at 8,192 tokens); each is written to the journal, to a dataset file, and to that
 * file's temporary copy before the atomic rename, so 16 KiB covers three typical copies with room
 * to spare. The 32 MiB base covers SQLite's write-ahead log, which grows to about 4 MB between
 * checkpoints, the write of the last, largest file, and logs.
 */
final class Preflight {
  static final long BYTES_PER_REQUEST = 16 * 1024;
  static final long BASE_BYTES = 32L * 1024 * 1024;

  private Preflight() {}

  /**
   * @param baseBytes the fixed part of the room needed ({@link #BASE_BYTES} by default)
   * @throws FineTuneException naming what cannot be written and what to do
   */
  static void check(Path outputDir, RunTracker tracker, int requestsToDo, long baseBytes) {
    checkOutputFolder(outputDir);
    long needed = baseBytes + requestsToDo * BYTES_PER_REQUEST;
    checkRoom(outputDir, needed, requestsToDo);
    tracker.checkWritable(needed);
  }

  private static void checkOutputFolder(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new FineTuneException(
          "the output folder "
              + dir
              + " is a file, not a folder: choose another output folder (--output DIR) or move the"
              + " file away; nothing was asked");
    }
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".finetune-write-check-", ".tmp");
      Files.delete(probe);
    } catch (FileAlreadyExistsException | NotDirectoryException e) {
      throw new FineTuneException(
          "cannot create the output folder "
              + dir
              + ": "
              + e.getFile()
              + " is a file; choose another output folder (--output DIR); nothing was asked",
          e);
    } catch (IOException e) {
      throw new FineTuneException(
          "cannot write to the output folder "
              + dir
              + " ("
              + reason(e)
              + "): make it writable or choose another output folder (--output DIR); nothing was"
              + " asked",
          e);
    }
  }

  private static void checkRoom(Path dir, long needed, int requestsToDo) {
    long free;
    try {
      free = Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return; // the store cannot say: the journal's own disk-full handling still protects answers
    }
    if (free < needed) {
      throw new FineTuneException(
          "the disk is full, or nearly: "
              + mib(free)
              + " free on the disk holding "
              + dir
              + ", and "
              + requestsToDo
              + " requests need about "
              + mib(needed)
              + " (16 KiB each for the journal, the dataset and its temporary copy, plus 32 MiB for"
              + " the database's log); free some space or choose another output folder; nothing"
              + " was asked");
    }
  }

  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (DiskFull.is(e)) {
      return "the disk is full";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return String.valueOf(e.getMessage());
  }

  private static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%,.1f MiB", bytes / (1024.0 * 1024));
  }
}
