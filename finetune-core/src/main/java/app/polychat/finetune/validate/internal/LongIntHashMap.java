package app.polychat.finetune.validate.internal;

/**
 * An open-addressing map from {@code long} keys to {@code int} values, with a hard size limit so
 * memory stays bounded whatever the input: 12 bytes per slot, no boxing. Keys should already be
 * well mixed (see {@link Hash64#finish}). Not thread-safe.
 */
public final class LongIntHashMap {
  /** Returned by {@link #get} and {@link #putIfAbsent} when the key is absent. */
  public static final int ABSENT = Integer.MIN_VALUE;

  private final int maxSize;
  private long[] keys;
  private int[] values;
  private int mask;
  private int size;
  private boolean hasZeroKey;
  private int zeroValue;

  /**
   * @param initialCapacity expected entries
   * @param maxSize entries beyond which {@link #putIfAbsent} stops adding
   */
  public LongIntHashMap(int initialCapacity, int maxSize) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be >= 1");
    }
    this.maxSize = maxSize;
    int capacity = Integer.highestOneBit(Math.max(16, Math.min(initialCapacity, maxSize)) * 2 - 1);
    allocate(Math.max(16, capacity * 2));
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    values = new int[capacity];
    mask = capacity - 1;
  }

  /** Entries held. */
  public int size() {
    return size;
  }

  /** Whether the size limit was reached: new keys are no longer added. */
  public boolean full() {
    return size >= maxSize;
  }

  /** The value of {@code key}, or {@link #ABSENT}. */
  public int get(long key) {
    if (key == 0) {
      return hasZeroKey ? zeroValue : ABSENT;
    }
    int i = index(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == 0) {
        return ABSENT;
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * Adds {@code key → value} unless the key is present (then returns its value) or the map is
   * {@link #full()} (then adds nothing). Returns {@link #ABSENT} when the key was not present.
   */
  public int putIfAbsent(long key, int value) {
    if (key == 0) {
      if (hasZeroKey) {
        return zeroValue;
      }
      if (!full()) {
        hasZeroKey = true;
        zeroValue = value;
        size++;
      }
      return ABSENT;
    }
    int i = index(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == 0) {
        break;
      }
      i = (i + 1) & mask;
    }
    if (full()) {
      return ABSENT;
    }
    keys[i] = key;
    values[i] = value;
    size++;
    if (size * 4L > keys.length * 3L) {
      grow();
    }
    return ABSENT;
  }

  private int index(long key) {
    return (int) (key ^ (key >>> 32)) & mask;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    allocate(oldKeys.length * 2);
    for (int j = 0; j < oldKeys.length; j++) {
      long k = oldKeys[j];
      if (k != 0) {
        int i = index(k);
        while (keys[i] != 0) {
          i = (i + 1) & mask;
        }
        keys[i] = k;
        values[i] = oldValues[j];
      }
    }
  }
}
