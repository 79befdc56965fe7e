package app.polychat.finetune.validate.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Splits a stream into lines of raw bytes without decoding it and without ever holding more than
 * one line (up to a limit) in memory. Lines end with {@code \n}; a {@code \r} before it is dropped;
 * a UTF-8 byte-order mark at the start of the stream is skipped. A line longer than the limit is
 * skipped to its end and reported by length only.
 *
 * <p>Line ends are found eight bytes at a time (a SWAR zero-byte test), which also tells whether a
 * line is pure ASCII, so most lines need no UTF-8 check at all.
 */
public final class ByteLineReader {
  /** Receives lines. The bytes are only valid during the call. */
  public interface Handler {
    /**
     * One line.
     *
     * @param ascii true when every byte is below 0x80 (then it is valid UTF-8)
     */
    void line(long number, byte[] bytes, int offset, int length, boolean ascii);

    /** A line longer than the limit, skipped. */
    void tooLong(long number, long length);
  }

  private static final int INITIAL_BUFFER = 1 << 20;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

  private ByteLineReader() {}

  /**
   * Reads {@code in} to its end and passes every line, in order, to the handler. Returns the number
   * of bytes read.
   */
  public static long read(InputStream in, int maxLineBytes, Handler handler) throws IOException {
    return new State(maxLineBytes, handler).run(in);
  }

  private static final class State {
    private final int maxLineBytes;
    private final Handler handler;
    private byte[] buf;
    private int start; // first byte of the current line
    private int end; // end of the valid data
    private int scan; // where the search for '\n' resumes
    private long high; // OR of the current line's bytes scanned so far
    private long number = 1;
    private long skipping = -1; // length so far of a too-long line being skipped, or -1

    State(int maxLineBytes, Handler handler) {
      this.maxLineBytes = maxLineBytes;
      this.handler = handler;
      this.buf = new byte[Math.min(INITIAL_BUFFER, Math.max(maxLineBytes, 16)) + 1];
    }

    long run(InputStream in) throws IOException {
      long total = 0;
      boolean first = true;
      while (true) {
        scanLines();
        makeRoom();
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
          break;
        }
        total += n;
        if (first && n > 0) {
          first = false;
          n -= skipBom(n);
        }
        end += n;
      }
      if (skipping >= 0) {
        handler.tooLong(number, skipping + (end - start));
      } else if (end > start) {
        int len = end - start;
        if (buf[end - 1] == '\r') {
          len--;
        }
        handler.line(number, buf, start, len, (high & HIGHS) == 0);
      }
      return total;
    }

    /** Hands out every complete line between {@code scan} and {@code end}. */
    private void scanLines() {
      while (scan < end) {
        int newline = findNewline();
        if (newline < 0) {
          return;
        }
        if (skipping >= 0) {
          handler.tooLong(number, skipping + (newline - start));
          skipping = -1;
        } else {
          int len = newline - start;
          if (len > 0 && buf[newline - 1] == '\r') {
            len--;
          }
          handler.line(number, buf, start, len, (high & HIGHS) == 0);
        }
        number++;
        start = newline + 1;
        scan = start;
        high = 0;
      }
    }

    /** The next '\n' from {@code scan}, or -1 (then {@code scan == end}); tracks high bits. */
    private int findNewline() {
      int i = scan;
      for (; i + 8 <= end; i += 8) {
        long word = (long) LONGS.get(buf, i);
        long x = word ^ NEWLINES;
        long found = (x - ONES) & ~x & HIGHS;
        if (found != 0) {
          int bytesBefore = Long.numberOfTrailingZeros(found) >>> 3;
          high |= bytesBefore == 0 ? 0 : word & (-1L >>> (64 - 8 * bytesBefore));
          return i + bytesBefore;
        }
        high |= word;
      }
      for (; i < end; i++) {
        byte b = buf[i];
        if (b == '\n') {
          return i;
        }
        high |= b;
      }
      scan = end;
      return -1;
    }

    /** Drops finished lines; grows the buffer, or starts skipping a line over the limit. */
    private void makeRoom() {
      if (start > 0) {
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        scan -= start;
        start = 0;
      }
      if (end == buf.length) {
        if (skipping >= 0 || buf.length > maxLineBytes) {
          skipping = Math.max(skipping, 0) + end;
          end = 0;
          scan = 0;
        } else {
          byte[] bigger = new byte[(int) Math.min((long) buf.length * 2, (long) maxLineBytes + 1)];
          System.arraycopy(buf, 0, bigger, 0, end);
          buf = bigger;
        }
      }
    }

    private int skipBom(int n) {
      boolean bom =
          end == 0
              && n >= 3
              && buf[0] == (byte) 0xEF
              && buf[1] == (byte) 0xBB
              && buf[2] == (byte) 0xBF;
      if (!bom) {
        return 0;
      }
      System.arraycopy(buf, 3, buf, 0, n - 3);
      return 3;
    }
  }
}
