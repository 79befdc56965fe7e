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
  /**
   * Checks that the request is given and that exactly one of example and failure is.
   *
   * @param request the planned request
   * @param example the teacher's answer, or null when it failed
   * @param failure why no answer came, or null when it was answered
   * @throws IllegalArgumentException when both or neither are given
   */
  public GenerationOutcome {
    Objects.requireNonNull(request, "request");
    if ((example == null) == (failure == null)) {
      throw new IllegalArgumentException(
          "an outcome has either an example or a failure, not "
              + (example == null ? "neither" : "both"));
    }
  }

  /**
   * {@return the request was answered}
   *
   * @param request the request
   * @param example the answer
   */
  public static GenerationOutcome answered(GenerationRequest request, GeneratedExample example) {
    return new GenerationOutcome(request, Objects.requireNonNull(example, "example"), null);
  }

  /**
   * {@return the request could not be answered, for the reason the exception gives}
   *
   * @param request the request
   * @param failure why it could not be answered
   */
  public static GenerationOutcome failed(GenerationRequest request, SourceException failure) {
    return new GenerationOutcome(request, null, Objects.requireNonNull(failure, "failure"));
  }

  /** {@return whether the request was answered} */
  public boolean answered() {
    return example != null;
  }
}
