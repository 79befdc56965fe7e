package app.polychat.finetune.check;

/**
 * Decides whether one answer is valid for its use case, for example by running it: generation runs
 * every teacher answer through the configured checks before accepting it, {@code dataset check}
 * runs them over a dataset, and the model comparison over each model's answers. A check may be slow
 * or call something external (a process, a service); implementations must be thread-safe, and
 * {@link #close()} releases what they hold.
 *
 * <pre>{@code
 * AnswerCheck parsesAsJson = new AnswerCheck() {
 *   public String name() { return "json"; }
 *   public CheckResult check(String answer) {
 *     long start = System.nanoTime();
 *     try {
 *       new ObjectMapper().readTree(answer);
 *       return CheckResult.pass(name(), "parses", CheckResult.since(start));
 *     } catch (JsonProcessingException e) {
 *       return CheckResult.fail(name(), "syntax", e.getOriginalMessage(), CheckResult.since(start));
 *     }
 *   }
 * };
 * }</pre>
 */
public interface AnswerCheck extends AutoCloseable {

  /**
   * A short name for reports and drop reasons ({@code strudel}).
   *
   * @return the check's name, lower case without spaces
   */
  String name();

  /**
   * Checks one answer. A failure of the check itself (not of the answer) is reported by throwing:
   * {@link CheckUnavailableException} when the check cannot run at all (a missing tool), so a run
   * stops instead of dropping every answer.
   *
   * @param answer the answer text as it would be stored (fences already stripped by the filters)
   * @return pass, or fail with the reason
   */
  CheckResult check(String answer);

  /**
   * Makes sure the check can run (starts what it needs), so a misconfiguration is reported before
   * any teacher is paid. The default does nothing.
   *
   * @throws CheckUnavailableException when it cannot run, saying what to install
   */
  default void verify() {}

  /** Releases what the check holds (a process, a connection). The default does nothing. */
  @Override
  default void close() {}
}
