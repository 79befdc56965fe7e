package app.polychat.finetune.job;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of results and the token of the next, if there is one. */
public record Page<T>(List<T> items, String nextToken) {
  /**
   * Copies the items.
   *
   * @param items the page's items
   * @param nextToken the token of the next page, or null on the last page
   */
  public Page {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
  }

  /**
   * The token of the next page, if there is one.
   *
   * @return the token, or empty on the last page
   */
  public Optional<String> next() {
    return Optional.ofNullable(nextToken);
  }
}
