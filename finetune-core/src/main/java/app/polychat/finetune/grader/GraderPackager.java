package app.polychat.finetune.grader;

import app.polychat.finetune.support.Hashing;
import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a grader's Lambda deployment package on this machine: writes the grader's own files and a
 * {@code package.json} into a folder, runs {@code npm install} there (the third-party packages come
 * from the npm registry the user's npm is configured for, never from finetune), checks that every
 * package arrived at its pinned version, and zips the folder. Equal inputs give a byte-identical
 * zip (sorted entries, fixed timestamps), so its SHA-256 tells whether a deployed function is
 * current.
 *
 * <pre>{@code
 * GraderPackage pkg = GraderPackager.builder().directory(Path.of("grader/strudel")).build()
 *     .build(source);
 * pkg.zip();   // grader/strudel.zip
 * }</pre>
 */
public final class GraderPackager {
  /** The Lambda runtime finetune's graders are written for. */
  public static final String DEFAULT_RUNTIME = "nodejs22.x";

  private static final java.nio.file.attribute.FileTime ZIP_TIME =
      java.nio.file.attribute.FileTime.fromMillis(
          java.time.Instant.parse("2020-01-01T00:00:00Z").toEpochMilli());

  private final Path directory;
  private final List<String> npm;
  private final String runtime;
  private final Duration timeout;
  private final Path nodeModulesFrom;

  private GraderPackager(Builder b) {
    this.directory =
        Objects.requireNonNull(b.directory, "directory is required: call directory(...)");
    this.npm = List.copyOf(b.npm);
    this.runtime = b.runtime;
    this.timeout = b.timeout;
    this.nodeModulesFrom = b.nodeModulesFrom;
  }

  /**
   * Starts building a packager: every setting has a default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Writes, installs and zips the grader.
   *
   * @param source the grader's code, pinned packages and handler
   * @return the zip and what it holds
   * @throws GraderException when npm is missing or fails (with its last output lines), or a package
   *     did not install at its pinned version
   */
  public GraderPackage build(GraderSource source) {
    Objects.requireNonNull(source, "source");
    try {
      Files.createDirectories(directory);
      ObjectNode manifest = Json.mapper().createObjectNode();
      manifest.put("name", "finetune-" + source.check() + "-grader");
      manifest.put("private", true);
      manifest.put("description", source.description());
      manifest.put(
          "main", source.handler().substring(0, source.handler().lastIndexOf('.')) + ".js");
      ObjectNode deps = manifest.putObject("dependencies");
      source.dependencies().forEach(deps::put);
      Files.writeString(directory.resolve("package.json"), Json.writePretty(manifest) + "\n");
      for (Map.Entry<String, String> file : source.files().entrySet()) {
        Path target = directory.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getValue());
      }
      if (nodeModulesFrom != null) {
        copyNodeModules();
      } else if (!source.dependencies().isEmpty()) {
        npmInstall();
      }
      Map<String, String> installed = installedVersions(source);
      Path zip = directory.resolveSibling(directory.getFileName() + ".zip");
      zip(zip);
      return new GraderPackage(
          source.check(),
          directory,
          zip,
          Hashing.sha256Hex(zip),
          Files.size(zip),
          source.handler(),
          runtime,
          installed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the grader in " + directory + ": " + e, e);
    }
  }

  private void npmInstall() throws IOException {
    List<String> command = new ArrayList<>(npm);
    command.addAll(List.of("install", "--omit=dev", "--no-audit", "--no-fund"));
    Path log = directory.resolve("npm-install.log");
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new GraderException(
          "cannot run '"
              + String.join(" ", npm)
              + "': install Node.js 20.6 or newer with npm (https://nodejs.org), then rerun",
          e);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new GraderException(
            "npm install did not finish within "
                + timeout.toSeconds()
                + " s in "
                + directory
                + ": check the network and npm's registry settings (log: "
                + log
                + ")");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new GraderException("interrupted while npm installed the grader's packages", e);
    }
    if (process.exitValue() != 0) {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      String tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
      throw new GraderException(
          "npm install failed (exit "
              + process.exitValue()
              + ") in "
              + directory
              + ": "
              + tail
              + " — check network access to the npm registry (full log: "
              + log
              + ")");
    }
  }

  /** Copies an installed {@code node_modules} instead of asking npm (offline builds). */
  private void copyNodeModules() throws IOException {
    Path from = nodeModulesFrom.resolve("node_modules");
    if (!Files.isDirectory(from)) {
      throw new GraderException(
          "no node_modules in "
              + nodeModulesFrom
              + ": point at a folder where the packages are installed, or let npm install them");
    }
    Path to = directory.resolve("node_modules");
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(source)) {
          Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private Map<String, String> installedVersions(GraderSource source) throws IOException {
    Map<String, String> installed = new LinkedHashMap<>();
    for (Map.Entry<String, String> dep : source.dependencies().entrySet()) {
      Path manifest =
          directory.resolve("node_modules").resolve(dep.getKey()).resolve("package.json");
      if (!Files.exists(manifest)) {
        throw new GraderException(
            dep.getKey() + " is not installed in " + directory + ": run npm install there again");
      }
      JsonNode pkg = Json.parse(Files.readString(manifest));
      String version = pkg.path("version").asText();
      if (!version.equals(dep.getValue())) {
        throw new GraderException(
            dep.getKey()
                + " "
                + version
                + " is installed in "
                + directory
                + ", but the grader needs "
                + dep.getValue()
                + ": delete node_modules there and build again");
      }
      installed.put(dep.getKey(), version);
    }
    return installed;
  }

  /** Zips the folder (without npm's log) with sorted entries and fixed times. */
  private void zip(Path zip) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(directory)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().equals("npm-install.log"))
              .sorted()
              .toList();
    }
    Path temp = Files.createTempFile(zip.toAbsolutePath().getParent(), ".grader-", ".zip.tmp");
    try (OutputStream out = Files.newOutputStream(temp);
        ZipOutputStream zipOut = new ZipOutputStream(out)) {
      for (Path file : files) {
        String name = directory.relativize(file).toString().replace('\\', '/');
        ZipEntry entry = new ZipEntry(name);
        entry.setLastModifiedTime(ZIP_TIME);
        entry.setCreationTime(ZIP_TIME);
        entry.setLastAccessTime(ZIP_TIME);
        zipOut.putNextEntry(entry);
        Files.copy(file, zipOut);
        zipOut.closeEntry();
      }
    }
    Files.move(
        temp,
        zip,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Builds a {@link GraderPackager}. */
  public static final class Builder {
    private Path directory;
    private List<String> npm = List.of("npm");
    private String runtime = DEFAULT_RUNTIME;
    private Duration timeout = Duration.ofMinutes(10);
    private Path nodeModulesFrom;

    private Builder() {}

    /**
     * The folder to build in; the zip is written beside it as {@code <folder>.zip}.
     *
     * @param directory the folder to build in; the zip is written beside it as {@code <folder>.zip}
     * @return this builder
     */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * The npm command (default {@code npm}), e.g. {@code List.of("/opt/node/bin/npm")}.
     *
     * @param npm the npm command (default {@code npm}), e.g. {@code List.of("/opt/node/bin/npm")}
     * @return this builder
     */
    public Builder npmCommand(List<String> npm) {
      if (npm.isEmpty()) {
        throw new IllegalArgumentException("npmCommand needs at least the program");
      }
      this.npm = List.copyOf(npm);
      return this;
    }

    /**
     * The Lambda runtime recorded in the package (default {@value GraderPackager#DEFAULT_RUNTIME}).
     *
     * @param runtime the Lambda runtime recorded in the package (default {@value
     *     GraderPackager#DEFAULT_RUNTIME})
     * @return this builder
     */
    public Builder runtime(String runtime) {
      this.runtime = Objects.requireNonNull(runtime, "runtime");
      return this;
    }

    /**
     * Copies {@code <folder>/node_modules} (packages already installed, e.g. the Strudel engine
     * that {@code finetune strudel setup} installed) instead of running npm; the pinned versions
     * are still checked. Default: npm installs them.
     *
     * @param folder the folder that holds {@code node_modules}
     * @return this builder
     */
    public Builder nodeModulesFrom(Path folder) {
      this.nodeModulesFrom = Objects.requireNonNull(folder, "folder");
      return this;
    }

    /**
     * How long npm may take (default 10 minutes).
     *
     * @param timeout how long npm may take (default 10 minutes)
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Builds the packager.
     *
     * @return the packager
     */
    public GraderPackager build() {
      /**
       * Builds the packager.
       *
       * @return the packager
       */
      return new GraderPackager(this);
    }
  }
}
