package app.polychat.finetune.prompt;

import app.polychat.finetune.source.GenerationRequest;
import java.util.List;
import java.util.Objects;

/**
 * The requests a generation run makes, in order.
 *
 * @param requests the planned requests; each id is stable across runs
 * @param planHash identity of the plan family: the prompt config, the chosen styles and
 *     complexities and the template seed, but not the count, so a larger count extends the same
 *     plan (its first requests are the same) and a rerun with {@code --count} higher tops up
 *     instead of starting over
 * @param configHash hash of the prompt config's content
 * @param styles the styles cycled, in order
 * @param complexities the complexities cycled, in order
 */
public record PromptPlan(
    List<GenerationRequest> requests,
    String planHash,
    String configHash,
    List<String> styles,
    List<String> complexities) {
  /**
   * Copies the lists and checks that the requests and hash are given.
   *
   * @param requests the planned requests; each id is stable across runs
   * @param planHash identity of the plan family: the prompt config, the chosen styles and
   *     complexities and the template seed, but not the count, so a larger count extends the same
   *     plan (its first requests are the same) and a rerun with {@code --count} higher tops up
   *     instead of starting over
   * @param configHash hash of the prompt config's content
   * @param styles the styles cycled, in order
   * @param complexities the complexities cycled, in order
   * @throws NullPointerException when {@code requests} or {@code planHash} is null
   */
  public PromptPlan {
    requests = List.copyOf(Objects.requireNonNull(requests, "requests"));
    Objects.requireNonNull(planHash, "planHash");
    styles = List.copyOf(styles);
    complexities = List.copyOf(complexities);
  }

  /**
   * The number of planned requests.
   *
   * @return how many requests the plan holds
   */
  public int size() {
    return requests.size();
  }
}
