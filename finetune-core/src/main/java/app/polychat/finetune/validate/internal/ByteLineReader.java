package app.polychat.finetune.validate.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a stream into lines of raw bytes without decoding it and without ever holding more than
 * one line (up to a limit) in memory. Lines end with {@code \n}; a {@code \r} before it is dropped;
 * a UTF-8 byte-order mark at the start of the stream is skipped. A line longer than the limit is
 * skipped to its end and reported by length only.
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

  private ByteLineReader() {}

  /**
   * Reads {@code in} to its end and passes every line, in order, to the handler. Returns the number
   * of bytes read.
   */
  public static long read(InputStream in, int maxLineBytes, Handler handler) throws IOException {
    byte[] buf = new byte[Math.min(INITIAL_BUFFER, Math.max(maxLineBytes, 16)) + 1];
    int start = 0; // first byte of the current line
    int end = 0; // end of the valid data
    int scan = 0; // where the search for '\n' resumes
    int highBits = 0; // OR of the current line's bytes scanned so far
    long number = 1;
    long total = 0;
    long skipping = -1; // length so far of a too-long line being skipped, or -1
    boolean first = true;
    while (true) {
      // look for line ends in what we have
      while (scan < end) {
        byte b = buf[scan];
        if (b == '\n') {
          if (skipping >= 0) {
            handler.tooLong(number, skipping + (scan - start));
            skipping = -1;
          } else {
            int len = scan - start;
            if (len > 0 && buf[scan - 1] == '\r') {
              len--;
            }
            handler.line(number, buf, start, len, highBits >= 0);
          }
          number++;
          start = scan + 1;
          highBits = 0;
        } else {
          highBits |= b;
        }
        scan++;
      }
      // make room: drop finished lines, grow, or start skipping a too-long line
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
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        break;
      }
      total += n;
      if (first && end == 0 && n > 0) {
        first = false;
        int bom = skipBom(buf, n);
        if (bom > 0) {
          System.arraycopy(buf, bom, buf, 0, n - bom);
          n -= bom;
        }
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
      handler.line(number, buf, start, len, highBits >= 0);
    }
    return total;
  }

  private static int skipBom(byte[] buf, int n) {
    return n >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF
        ? 3
        : 0;
  }
}
