package app.polychat.finetune.validate;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A model Bedrock accepts as the teacher of a distillation job, and the students it can teach.
 *
 * @param modelId the teacher's model id as Bedrock names it
 * @param identifiers every identifier that names this teacher (model id, inference profile ids)
 * @param students aliases of the {@link ModelRules} this teacher can teach
 */
public record DistillationTeacher(String modelId, List<String> identifiers, List<String> students) {
  /**
   * Copies the lists and checks that the model id is given.
   *
   * @param modelId the teacher's model id as Bedrock names it
   * @param identifiers every identifier that names this teacher (model id, inference profile ids)
   * @param students aliases of the {@link ModelRules} this teacher can teach
   * @throws NullPointerException when {@code modelId} is null
   */
  public DistillationTeacher {
    Objects.requireNonNull(modelId, "modelId");
    identifiers = List.copyOf(identifiers);
    students = List.copyOf(students);
  }

  /**
   * {@return whether {@code identifier} names this teacher: one of its ids, or an ARN ending with
   * one (a foundation-model or inference-profile ARN)}
   *
   * @param identifier a model id, alias or ARN
   */
  public boolean matches(String identifier) {
    if (identifier == null) {
      return false;
    }
    String id = identifier.trim().toLowerCase(Locale.ROOT);
    int slash = id.lastIndexOf('/');
    String last = id.startsWith("arn:") && slash >= 0 ? id.substring(slash + 1) : id;
    return identifiers.stream().anyMatch(known -> known.equalsIgnoreCase(last));
  }

  /**
   * {@return whether this teacher can teach the model with these rules}
   *
   * @param student the student model's rules
   */
  public boolean teaches(ModelRules student) {
    return students.contains(student.alias());
  }
}
