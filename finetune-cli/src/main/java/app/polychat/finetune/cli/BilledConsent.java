package app.polychat.finetune.cli;

import java.util.Locale;

/**
 * Nothing AWS bills is started without an explicit yes: whoever is at the terminal is asked, and
 * without a terminal the command refuses (the caller exits 2) unless {@code --yes} was given.
 */
final class BilledConsent {
  enum Answer {
    YES,
    DECLINED,
    NO_TERMINAL
  }

  private BilledConsent() {}

  /**
   * Asks {@code question} at the terminal, or says {@code refusal} and why when there is none.
   *
   * @param refusal what was not done, for example {@code "not submitted: AWS bills this job"}
   */
  static Answer ask(Context context, String refusal, String question) {
    if (!context.interactive()) {
      context
          .err()
          .println(
              "error: "
                  + refusal
                  + " and there is no terminal to confirm on; run again with --yes to accept the"
                  + " cost (or --dry-run to see the request)");
      context.err().flush();
      return Answer.NO_TERMINAL;
    }
    String answer = System.console() == null ? null : System.console().readLine(question);
    return answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y")
        ? Answer.YES
        : Answer.DECLINED;
  }
}
