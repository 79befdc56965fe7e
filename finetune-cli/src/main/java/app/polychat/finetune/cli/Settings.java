package app.polychat.finetune.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Settings from, in order of precedence: flags (handled by each command), the environment, a {@code
 * .env} file in the working directory (or the one given with {@code --env-file}), then defaults.
 * The variable names are the original toolkit's; where this project chose other names, the
 * original's are read too ({@link #ALIASES}), so an old {@code .env} keeps working.
 */
final class Settings {
  static final List<String> KNOWN =
      List.of(
          "API_URL",
          "API_KEY",
          "AWS_REGION",
          "AWS_PROFILE",
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "BEDROCK_TRAINING_BUCKET",
          "BEDROCK_OUTPUT_BUCKET",
          "BEDROCK_ROLE_ARN",
          "BEDROCK_KMS_KEY_ID",
          "BEDROCK_KMS_KEY_ARN",
          "BEDROCK_SUBNET_IDS",
          "BEDROCK_VPC_SUBNET_IDS",
          "BEDROCK_SECURITY_GROUP_IDS",
          "BEDROCK_VPC_SECURITY_GROUP_IDS",
          "AWS_ENDPOINT_URL",
          "AWS_ENDPOINT_URL_S3",
          "S3_FORCE_PATH_STYLE",
          "FINETUNE_DB",
          "FINETUNE_RATE_LIMIT",
          "FINETUNE_TOKEN_LIMIT",
          "FINETUNE_CONCURRENCY");

  /**
   * This project's name → the original toolkit's name for the same setting. The project's own name
   * wins when both are set.
   */
  static final Map<String, String> ALIASES =
      Map.of(
          "BEDROCK_KMS_KEY_ID", "BEDROCK_KMS_KEY_ARN",
          "BEDROCK_SUBNET_IDS", "BEDROCK_VPC_SUBNET_IDS",
          "BEDROCK_SECURITY_GROUP_IDS", "BEDROCK_VPC_SECURITY_GROUP_IDS");

  private final Map<String, String> environment;
  private final Map<String, String> dotEnv;
  private final Path dotEnvFile;

  Settings(Map<String, String> environment, Path dotEnvFile) {
    this.environment = Map.copyOf(environment);
    this.dotEnvFile = dotEnvFile;
    this.dotEnv =
        dotEnvFile != null && Files.isRegularFile(dotEnvFile) ? parse(dotEnvFile) : Map.of();
  }

  /**
   * The value from the environment, else {@code .env}; blank values count as unset. A name with an
   * {@link #ALIASES alias} falls back to the original toolkit's name.
   */
  Optional<String> get(String name) {
    Optional<String> own = getExactly(name);
    String alias = ALIASES.get(name);
    return own.isPresent() || alias == null ? own : getExactly(alias);
  }

  private Optional<String> getExactly(String name) {
    String value = environment.get(name);
    if (value == null || value.isBlank()) {
      value = dotEnv.get(name);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /**
   * The environment the AWS clients should see: {@code .env} values overlaid by the real
   * environment, so a variable set in either place works.
   */
  Map<String, String> asEnvironment() {
    Map<String, String> merged = new LinkedHashMap<>(dotEnv);
    environment.forEach(
        (k, v) -> {
          if (v != null && !v.isBlank()) {
            merged.put(k, v);
          }
        });
    return merged;
  }

  /** Where a value came from, for {@code config show}. */
  String origin(String name) {
    String env = environment.get(name);
    if (env != null && !env.isBlank()) {
      return "environment";
    }
    return dotEnv.containsKey(name) && !dotEnv.get(name).isBlank()
        ? dotEnvFile.toString()
        : "unset";
  }

  /**
   * The values of every setting that holds a secret (by its name: keys, tokens, passwords, AWS
   * credentials), from the environment and the {@code .env} file: what error output must never
   * show.
   */
  java.util.Set<String> secretValues() {
    java.util.Set<String> values = new java.util.HashSet<>();
    asEnvironment()
        .forEach(
            (name, value) -> {
              if (value != null
                  && !value.isBlank()
                  && (app.polychat.finetune.support.Secrets.isSecretName(name)
                      || name.equals("AWS_ACCESS_KEY_ID"))) {
                values.add(value);
              }
            });
    return values;
  }

  /** The known variables with their values, secrets masked. */
  Map<String, String> known() {
    Map<String, String> all = new TreeMap<>();
    for (String name : KNOWN) {
      all.put(name, get(name).orElse(""));
    }
    return all;
  }

  /**
   * Parses {@code KEY=value} lines: comments and blank lines are skipped, {@code export} prefixes
   * and surrounding quotes removed.
   */
  static Map<String, String> parse(Path file) {
    Map<String, String> values = new LinkedHashMap<>();
    try {
      for (String raw : Files.readAllLines(file)) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (line.startsWith("export ")) {
          line = line.substring(7).strip();
        }
        int eq = line.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String key = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        if (value.length() >= 2
            && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
          value = value.substring(1, value.length() - 1);
        } else {
          int comment = value.indexOf(" #");
          value = comment >= 0 ? value.substring(0, comment).strip() : value;
        }
        values.put(key, value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return values;
  }
}
