package app.polychat.finetune.validate;

import app.polychat.finetune.support.FineTuneException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A dataset or job spec that Bedrock would reject: thrown before any money is spent. The message
 * lists the first errors with their locations; {@link #findings()} has all that were kept.
 */
public class ValidationException extends FineTuneException {
  private static final long serialVersionUID = 1L;
  private static final int LISTED = 10;
  private final transient List<Finding> findings;

  /**
   * An exception whose message is {@code summary} followed by the first errors.
   *
   * @param summary the first line of the message, such as {@code job spec is not valid}
   * @param findings every finding; the errors among them are listed
   */
  public ValidationException(String summary, List<Finding> findings) {
    super(message(summary, findings), null, false);
    this.findings = List.copyOf(findings);
  }

  /** {@return the findings behind the exception (errors and warnings)} */
  public List<Finding> findings() {
    return findings;
  }

  private static String message(String summary, List<Finding> findings) {
    List<Finding> errors = findings.stream().filter(Finding::isError).toList();
    String listed =
        errors.stream()
            .limit(LISTED)
            .map(
                f ->
                    "  "
                        + (f.location().isEmpty() ? "" : f.location() + ": ")
                        + f.code()
                        + " "
                        + f.message())
            .collect(Collectors.joining("\n"));
    String more = errors.size() > LISTED ? "\n  ... and " + (errors.size() - LISTED) + " more" : "";
    return summary + (listed.isEmpty() ? "" : "\n" + listed + more);
  }
}
