package app.polychat.finetune.bedrock;

import java.util.List;
import java.util.Objects;

/**
 * A teacher Bedrock accepts for a distillation job, and the students it can teach.
 *
 * @param teacherIdentifiers the identifiers that name the teacher in a job (its model id and
 *     inference profile ids); Nova Premier is reached through {@code us.amazon.nova-premier-v1:0}
 * @param studentModelIds the base model ids of the students ({@code amazon.nova-lite-v1:0:300k},
 *     ...)
 */
public record DistillationOption(List<String> teacherIdentifiers, List<String> studentModelIds) {
  public DistillationOption {
    teacherIdentifiers = List.copyOf(Objects.requireNonNull(teacherIdentifiers));
    studentModelIds = List.copyOf(Objects.requireNonNull(studentModelIds));
    if (teacherIdentifiers.isEmpty()) {
      throw new IllegalArgumentException("a teacher needs at least one identifier");
    }
  }

  /** The identifier to pass as {@code teacherModelIdentifier}: the first one. */
  public String teacher() {
    return teacherIdentifiers.get(0);
  }
}
