package app.polychat.finetune.source;

import java.util.Objects;

/**
 * What became of one request a bulk source was given: either an answer or a failure with its
 * reason, never both and never neither.
 *
 * <pre>{@code
 * run.deliver(GenerationOutcome.answered(request, example));
 * run.deliver(GenerationOutcome.failed(request, new SourceException("model error", false)));
 * }</pre>
 *
 * @param request the planned request
 * @param example the teacher's answer, or null when it failed
 * @param failure why no answer came, or null when it was answered
 */
public record GenerationOutcome(
    GenerationRequest request, GeneratedExample example, SourceException failure) {
  public GenerationOutcome {
    Objects.requireNonNull(request, "request");
    if ((example == null) == (failure == null)) {
      throw new IllegalArgumentException(
          "an outcome has either an example or a failure, not "
              + (example == null ? "neither" : "both"));
    }
  }

  /** The request was answered. */
  public static GenerationOutcome answered(GenerationRequest request, GeneratedExample example) {
    return new GenerationOutcome(request, Objects.requireNonNull(example, "example"), null);
  }

  /** The request could not be answered, for the reason the exception gives. */
  public static GenerationOutcome failed(GenerationRequest request, SourceException failure) {
    return new GenerationOutcome(request, null, Objects.requireNonNull(failure, "failure"));
  }

  /** Whether the request was answered. */
  public boolean answered() {
    return example != null;
  }
}
