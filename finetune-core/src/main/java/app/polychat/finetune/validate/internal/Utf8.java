package app.polychat.finetune.validate.internal;

/**
 * Strict UTF-8 checking of byte ranges (no overlong forms, no surrogates, nothing past U+10FFFF).
 */
public final class Utf8 {
  private Utf8() {}

  /** The index of the first byte that is not valid UTF-8, or -1 when the range is valid. */
  public static int firstInvalid(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int i = offset;
    while (i < end) {
      int b = bytes[i];
      if (b >= 0) {
        i++;
        continue;
      }
      b &= 0xFF;
      int needed;
      int min;
      if (b >= 0xC2 && b <= 0xDF) {
        needed = 1;
        min = 0x80;
      } else if (b >= 0xE0 && b <= 0xEF) {
        needed = 2;
        min = 0x800;
      } else if (b >= 0xF0 && b <= 0xF4) {
        needed = 3;
        min = 0x10000;
      } else {
        return i;
      }
      if (i + needed >= end) {
        return i; // the sequence is cut off by the end of the line
      }
      int code = b & (0x3F >> needed);
      for (int k = 1; k <= needed; k++) {
        int next = bytes[i + k] & 0xFF;
        if ((next & 0xC0) != 0x80) {
          return i;
        }
        code = (code << 6) | (next & 0x3F);
      }
      if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return i;
      }
      i += needed + 1;
    }
    return -1;
  }
}
