package app.polychat.finetune.cli;

import app.polychat.finetune.polychat.PolychatExampleSource;
import picocli.CommandLine.Option;

/**
 * The options {@code dataset generate} and {@code pipeline run} share: how fast the teacher is
 * asked, how often a request is asked again across runs, and whether a short dataset may go on.
 */
final class TeacherLimits {
  @Option(
      names = "--rate-limit",
      paramLabel = "N",
      description =
          "Most requests per minute, 0 = off. Polychat calls are paced just under it and adapt:"
              + " slower and paused (Retry-After) on a 429, then back up. Default:"
              + " FINETUNE_RATE_LIMIT, else "
              + PolychatExampleSource.DEFAULT_REQUESTS_PER_MINUTE
              + " for polychat (its limit per API key), none for bedrock.")
  Integer rateLimit;

  @Option(
      names = "--token-limit",
      paramLabel = "N",
      description =
          "Estimated tokens per minute, 0 = off (default: FINETUNE_TOKEN_LIMIT, else off:"
              + " Polychat has no token budget; set one for APIs that do).")
  Integer tokenLimit;

  @Option(
      names = "--max-attempts",
      paramLabel = "N",
      description =
          "Runs that may ask for one request before its failure is left as it is (default:"
              + " ${DEFAULT-VALUE}). A refused key or an open circuit does not count.",
      defaultValue = "3")
  int maxAttempts;

  @Option(
      names = "--allow-partial",
      description =
          "Write and record the dataset even when requests are still missing (says it is"
              + " partial). A dataset without any example is never written.")
  boolean allowPartial;
}
