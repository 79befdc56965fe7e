package app.polychat.finetune.grader;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A built grader: the folder npm installed into, and the Lambda deployment package (a zip) made
 * from it.
 *
 * @param check the check the grader runs
 * @param directory the folder with the handler, its files and {@code node_modules}
 * @param zip the deployment package
 * @param sha256 hex SHA-256 of the zip (equal inputs give an equal zip)
 * @param zipBytes size of the zip
 * @param handler the Lambda handler setting ({@code index.handler})
 * @param runtime the Lambda runtime to use ({@code nodejs22.x})
 * @param dependencies the npm packages as installed (name → version)
 */
public record GraderPackage(
    String check,
    Path directory,
    Path zip,
    String sha256,
    long zipBytes,
    String handler,
    String runtime,
    Map<String, String> dependencies) {
  /**
   * Checks that the folder and zip are given and copies the dependencies.
   *
   * @param check the check the grader runs
   * @param directory the folder with the handler, its files and {@code node_modules}
   * @param zip the deployment package
   * @param sha256 hex SHA-256 of the zip (equal inputs give an equal zip)
   * @param zipBytes size of the zip
   * @param handler the Lambda handler setting ({@code index.handler})
   * @param runtime the Lambda runtime to use ({@code nodejs22.x})
   * @param dependencies the npm packages as installed (name → version)
   */
  public GraderPackage {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(zip, "zip");
    dependencies = Map.copyOf(dependencies);
  }
}
