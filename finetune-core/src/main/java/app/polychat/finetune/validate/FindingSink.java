package app.polychat.finetune.validate;

import java.util.ArrayList;
import java.util.List;

/** Counts every finding and keeps the first {@code maxRetained} of them. */
final class FindingSink {
  private final int maxRetained;
  private final List<Finding> retained = new ArrayList<>();
  private final long[][] counts = new long[FindingCode.values().length][Severity.values().length];
  private long errors;
  private long warnings;

  FindingSink(int maxRetained) {
    this.maxRetained = maxRetained;
  }

  void add(
      String file,
      long line,
      String jsonPath,
      FindingCode code,
      Severity severity,
      String message) {
    counts[code.ordinal()][severity.ordinal()]++;
    if (severity == Severity.ERROR) {
      errors++;
    } else {
      warnings++;
    }
    if (retained.size() < maxRetained) {
      retained.add(new Finding(file, line, jsonPath, code, severity, message));
    }
  }

  long errors() {
    return errors;
  }

  long warnings() {
    return warnings;
  }

  List<Finding> retained() {
    return retained;
  }

  List<FindingCount> counts() {
    List<FindingCount> out = new ArrayList<>();
    for (Severity severity : Severity.values()) {
      for (FindingCode code : FindingCode.values()) {
        long n = counts[code.ordinal()][severity.ordinal()];
        if (n > 0) {
          out.add(new FindingCount(code, severity, n));
        }
      }
    }
    return out;
  }
}
