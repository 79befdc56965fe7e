package app.polychat.finetune.job;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of results and the token of the next, if there is one. */
public record Page<T>(List<T> items, String nextToken) {
  public Page {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
  }

  public Optional<String> next() {
    return Optional.ofNullable(nextToken);
  }
}
