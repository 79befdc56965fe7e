package app.polychat.finetune.bedrock.training.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * A byte range of a file as a request body, read from disk as it is sent. Each {@link #newStream()}
 * starts the range again (the SDK asks for a fresh stream when it signs or retries), and reports
 * how far the current stream has read, so progress never counts a byte twice. Not public API.
 */
public final class FileRangeContent implements ContentStreamProvider {
  private static final long REPORT_EVERY = 256 * 1024;

  private final Path file;
  private final long offset;
  private final long length;
  private final LongConsumer bytesRead;
  private InputStream current;

  /**
   * @param bytesRead told how many bytes of the range the current stream has read, at least every
   *     256 KiB and at the end
   */
  public FileRangeContent(Path file, long offset, long length, LongConsumer bytesRead) {
    this.file = file;
    this.offset = offset;
    this.length = length;
    this.bytesRead = bytesRead;
  }

  @Override
  public InputStream newStream() {
    closeCurrent();
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      channel.position(offset);
      current = new RangeStream(Channels.newInputStream(channel), length, bytesRead);
      return current;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return "file-range";
  }

  /** Closes the last stream handed out. */
  public void closeCurrent() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException ignored) {
        // a stream we only read from: nothing is lost if closing fails
      }
      current = null;
    }
  }

  /** Reads at most {@code remaining} bytes and reports the count. */
  private static final class RangeStream extends FilterInputStream {
    private final LongConsumer bytesRead;
    private final long length;
    private long read;
    private long reported;

    RangeStream(InputStream in, long length, LongConsumer bytesRead) {
      super(in);
      this.length = length;
      this.bytesRead = bytesRead;
    }

    @Override
    public int read() throws IOException {
      if (read >= length) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        advance(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      if (read >= length) {
        return -1;
      }
      int n = super.read(buffer, off, (int) Math.min(len, length - read));
      if (n > 0) {
        advance(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(Math.min(n, length - read));
      read += skipped;
      return skipped;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(super.available(), length - read);
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private void advance(int n) {
      read += n;
      if (read - reported >= REPORT_EVERY || read == length) {
        reported = read;
        bytesRead.accept(read);
      }
    }
  }
}
