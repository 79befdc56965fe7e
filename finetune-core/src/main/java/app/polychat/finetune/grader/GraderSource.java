package app.polychat.finetune.grader;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a grader package is built from: its own files (the Lambda handler and what it requires), the
 * npm packages installed beside them on the user's machine, and the handler to configure.
 * Third-party packages are named here with their versions and fetched by npm when the package is
 * built; they are never part of finetune.
 *
 * @param check the check this grader runs ({@code strudel})
 * @param files relative path → content of the grader's own files; must include the handler's file
 * @param dependencies npm package → exact version, installed into {@code node_modules}
 * @param handler the Lambda handler setting, {@code <file without .js>.<export>}
 * @param description one line for people
 */
public record GraderSource(
    String check,
    Map<String, String> files,
    Map<String, String> dependencies,
    String handler,
    String description) {

  /** The handler every finetune grader exports: {@code index.handler}. */
  public static final String DEFAULT_HANDLER = "index.handler";

  /**
   * Checks the values and copies the files and packages, sorted by name.
   *
   * @param check the check this grader runs ({@code strudel})
   * @param files relative path → content of the grader's own files; must include the handler's file
   * @param dependencies npm package → exact version, installed into {@code node_modules}
   * @param handler the Lambda handler setting, {@code <file without .js>.<export>}
   * @param description one line for people
   * @throws IllegalArgumentException when the handler's file is not among the files
   */
  public GraderSource {
    Objects.requireNonNull(check, "check");
    files = Map.copyOf(new TreeMap<>(Objects.requireNonNull(files, "files")));
    dependencies = Map.copyOf(new TreeMap<>(Objects.requireNonNull(dependencies, "dependencies")));
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(description, "description");
    String file = handler.substring(0, Math.max(0, handler.lastIndexOf('.'))) + ".js";
    if (!files.containsKey(file)) {
      throw new IllegalArgumentException(
          "the handler " + handler + " needs the file " + file + " among the grader's files");
    }
    for (String path : files.keySet()) {
      if (path.isEmpty() || path.startsWith("/") || path.contains("..") || path.contains("\\")) {
        throw new IllegalArgumentException("grader file paths are relative: '" + path + "'");
      }
    }
  }
}
