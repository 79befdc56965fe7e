package app.polychat.finetune.validate;

import java.util.Objects;

/**
 * One problem found in a dataset or a job spec, with where it is and how to fix it.
 *
 * @param file the dataset file as given, or null for job specs and dataset-wide findings
 * @param line the 1-based line, or 0 when the finding is about a whole file or dataset
 * @param jsonPath where in the record (or in the job request) the problem is, e.g. {@code
 *     $.messages[2].content[0].text}; null when the whole line or file is concerned
 * @param code what kind of problem
 * @param severity error or warning
 * @param message what is wrong and what to do about it
 */
public record Finding(
    String file, long line, String jsonPath, FindingCode code, Severity severity, String message) {
  /**
   * Checks that the code, severity and message are given.
   *
   * @param file the dataset file as given, or null for job specs and dataset-wide findings
   * @param line the 1-based line, or 0 when the finding is about a whole file or dataset
   * @param jsonPath where in the record (or in the job request) the problem is, e.g. {@code
   *     $.messages[2].content[0].text}; null when the whole line or file is concerned
   * @param code what kind of problem
   * @param severity error or warning
   * @param message what is wrong and what to do about it
   * @throws NullPointerException when {@code code}, {@code severity} or {@code message} is null
   */
  public Finding {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
  }

  /**
   * {@return a finding about a field of a job spec (no file, no line)}
   *
   * @param jsonPath the field, as a JSON path ({@code $.hyperParameters.epochCount})
   * @param code what kind of problem it is
   * @param severity whether Bedrock would reject it or it only looks wrong
   * @param message what is wrong and how to fix it
   */
  public static Finding field(
      String jsonPath, FindingCode code, Severity severity, String message) {
    return new Finding(null, 0, jsonPath, code, severity, message);
  }

  /** {@return whether this finding is an error} */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /**
   * {@code file:line $.path}, leaving out what is unknown.
   *
   * @return where the finding is, such as {@code train.jsonl:12 $.messages[0]}
   */
  public String location() {
    StringBuilder out = new StringBuilder();
    if (file != null) {
      out.append(file);
      if (line > 0) {
        out.append(':').append(line);
      }
    }
    if (jsonPath != null) {
      out.append(out.length() == 0 ? "" : " ").append(jsonPath);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    String where = location();
    return severity + " " + code + (where.isEmpty() ? "" : " at " + where) + ": " + message;
  }
}
