package app.polychat.finetune.cost;

import app.polychat.finetune.example.ExampleMetadata;
import app.polychat.finetune.validate.TokenEstimator;
import java.util.Collection;

/**
 * Tokens a set of teacher requests uses: how many requests, and their input and output tokens in
 * total. Build it from assumptions, from the planned prompts, or from what was observed so far.
 *
 * @param requests number of requests
 * @param inputTokens prompt tokens over all requests
 * @param outputTokens answer tokens over all requests
 * @param basis how the figures were obtained, for the estimate's text
 */
public record TokenUsage(long requests, long inputTokens, long outputTokens, String basis) {
  /**
   * Checks that no count is negative.
   *
   * @param requests number of requests
   * @param inputTokens prompt tokens over all requests
   * @param outputTokens answer tokens over all requests
   * @param basis how the figures were obtained, for the estimate's text
   * @throws IllegalArgumentException when a count is negative
   */
  public TokenUsage {
    if (requests < 0 || inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("token usage cannot be negative");
    }
  }

  /**
   * Assumed averages per request (e.g. 100 in, 500 out, as the original cost guide does).
   *
   * @param requests how many requests
   * @param inputPerRequest assumed prompt tokens per request
   * @param outputPerRequest assumed answer tokens per request
   * @return the usage
   */
  public static TokenUsage assumed(long requests, long inputPerRequest, long outputPerRequest) {
    return new TokenUsage(
        requests,
        requests * inputPerRequest,
        requests * outputPerRequest,
        "assumed "
            + inputPerRequest
            + " input and "
            + outputPerRequest
            + " output tokens per request");
  }

  /**
   * {@return the planned prompts (system prompt and user turn of each request), their tokens
   * estimated with {@code estimator}, and an assumed answer length}
   *
   * @param prompts each request's prompt text
   * @param outputPerRequest assumed answer tokens per request
   * @param estimator estimates the prompts' tokens
   */
  public static TokenUsage planned(
      Collection<String> prompts, long outputPerRequest, TokenEstimator estimator) {
    long input = 0;
    for (String prompt : prompts) {
      input += estimator.estimate(prompt) + estimator.perTurnOverhead();
    }
    return new TokenUsage(
        prompts.size(),
        input,
        prompts.size() * outputPerRequest,
        "prompt tokens estimated from the plan, " + outputPerRequest + " output tokens assumed");
  }

  /**
   * Averages observed on examples already generated (those whose metadata has token counts), scaled
   * to {@code requests}. Falls back to the given assumptions when none has counts.
   *
   * @param examples metadata of the examples generated so far
   * @param requests how many requests to scale to
   * @param assumedInputPerRequest prompt tokens per request when no example has counts
   * @param assumedOutputPerRequest answer tokens per request when no example has counts
   * @return the usage
   */
  public static TokenUsage observed(
      Collection<ExampleMetadata> examples,
      long requests,
      long assumedInputPerRequest,
      long assumedOutputPerRequest) {
    long in = 0;
    long out = 0;
    long counted = 0;
    for (ExampleMetadata m : examples) {
      if (m.inputTokens() != null && m.outputTokens() != null) {
        in += m.inputTokens();
        out += m.outputTokens();
        counted++;
      }
    }
    if (counted == 0) {
      return assumed(requests, assumedInputPerRequest, assumedOutputPerRequest);
    }
    long avgIn = Math.round((double) in / counted);
    long avgOut = Math.round((double) out / counted);
    return new TokenUsage(
        requests,
        requests * avgIn,
        requests * avgOut,
        "averages of " + counted + " generated examples (" + avgIn + " in, " + avgOut + " out)");
  }
}
