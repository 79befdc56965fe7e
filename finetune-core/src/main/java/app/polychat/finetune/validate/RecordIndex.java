package app.polychat.finetune.validate;

import app.polychat.finetune.validate.internal.LongIntHashMap;

/**
 * The hashes of the records seen in one validation run, for duplicates and train/validation
 * overlap: 8-byte hashes with the first line number, never the records. Bounded: past {@code
 * maxRecords} records new ones are only compared, not remembered.
 */
final class RecordIndex {
  final LongIntHashMap training;
  final LongIntHashMap validation;
  private final int maxRecords;
  private boolean limitReported;

  // media over the whole dataset (training and validation): Nova takes images or videos, not both
  long imageRecords;
  long videoRecords;
  String firstImageAt;
  String firstVideoAt;

  RecordIndex(int maxRecords) {
    this.maxRecords = maxRecords;
    this.training = new LongIntHashMap(1024, maxRecords);
    this.validation = new LongIntHashMap(256, maxRecords);
  }

  boolean full() {
    return training.size() + validation.size() >= maxRecords;
  }

  int maxRecords() {
    return maxRecords;
  }

  /** Counts a record's media for the dataset-wide checks. */
  void countMedia(String file, long line, int images, int videos) {
    if (images > 0) {
      if (imageRecords++ == 0) {
        firstImageAt = file + ":" + line;
      }
    }
    if (videos > 0) {
      if (videoRecords++ == 0) {
        firstVideoAt = file + ":" + line;
      }
    }
  }

  /** True the first time it is called after the index filled up. */
  boolean reportLimitOnce() {
    if (limitReported || !full()) {
      return false;
    }
    limitReported = true;
    return true;
  }
}
