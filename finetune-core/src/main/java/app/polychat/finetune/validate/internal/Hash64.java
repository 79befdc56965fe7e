package app.polychat.finetune.validate.internal;

/**
 * A fast streaming 64-bit hash of characters and small integers, for exact-duplicate detection of
 * records. Not cryptographic; with 64 bits, a false "duplicate" among a million records has a
 * probability around 10^-8.
 */
public final class Hash64 {
  private static final long PRIME = 0x9E3779B97F4A7C15L;
  private static final long SEED = 0x243F6A8885A308D3L;

  private Hash64() {}

  /** The starting state. */
  public static long start() {
    return SEED;
  }

  /** Folds characters into {@code h}; four at a time. */
  public static long chars(long h, char[] text, int offset, int length) {
    int end = offset + length;
    int i = offset;
    for (; i + 3 < end; i += 4) {
      long word =
          text[i]
              | ((long) text[i + 1] << 16)
              | ((long) text[i + 2] << 32)
              | ((long) text[i + 3] << 48);
      h = Long.rotateLeft(h ^ word, 27) * PRIME;
    }
    for (; i < end; i++) {
      h = Long.rotateLeft(h ^ text[i], 27) * PRIME;
    }
    return mix(h, length);
  }

  /** Folds characters of a string into {@code h}. */
  public static long string(long h, String text) {
    for (int i = 0; i < text.length(); i++) {
      h = Long.rotateLeft(h ^ text.charAt(i), 27) * PRIME;
    }
    return mix(h, text.length());
  }

  /** Folds one number (a separator, a role, a length) into {@code h}. */
  public static long mix(long h, long value) {
    return Long.rotateLeft(h ^ (value * 0xC2B2AE3D27D4EB4FL), 31) * PRIME + 0x165667B19E3779F9L;
  }

  /** The final avalanche (MurmurHash3's fmix64): spreads every input bit over the result. */
  public static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h;
  }
}
