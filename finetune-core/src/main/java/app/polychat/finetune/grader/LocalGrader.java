package app.polychat.finetune.grader;

import app.polychat.finetune.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a packaged grader under Node on this machine, calling its handler exactly as AWS Lambda
 * would ({@code handler(batch)}), and checks that the answer has Bedrock's shape: one {@code {id,
 * aggregate_reward_score, metrics_list: [{name, value, type: "Reward" | "Metric"}]}} per sample,
 * with the samples' ids (UG "Setting up reward functions"). A grader that answers in another shape
 * is an error here rather than a failed training job.
 *
 * <pre>{@code
 * List<GradedSample> graded = LocalGrader.builder().directory(pkg.directory()).build()
 *     .grade(GraderBatch.fromDataset(Path.of("train-rft.jsonl"), 8, null));
 * }</pre>
 */
public final class LocalGrader {
  private final Path directory;
  private final List<String> node;
  private final Duration timeout;
  private final Map<String, String> environment;

  private LocalGrader(Builder b) {
    this.directory =
        Objects.requireNonNull(b.directory, "directory is required: call directory(...)");
    this.node = List.copyOf(b.node);
    this.timeout = b.timeout;
    this.environment = Map.copyOf(b.environment);
  }

  /**
   * Starts building a grader runner.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Grades a batch.
   *
   * @param batch the samples to grade, as {@link GraderBatch} makes them
   * @return each sample's grade, in order
   * @throws GraderException when Node is missing, the grader fails or times out, or its answer is
   *     not in Bedrock's shape
   */
  public List<GradedSample> grade(List<ObjectNode> batch) {
    Objects.requireNonNull(batch, "batch");
    if (!Files.isRegularFile(directory.resolve("index.js"))) {
      throw new GraderException(
          "no grader in "
              + directory
              + " (index.js is missing): build it with `finetune grader package`");
    }
    JsonNode reply = run(Json.write(Json.mapper().valueToTree(batch)));
    if (reply.has("error")) {
      throw new GraderException("the grader failed: " + reply.get("error").asText());
    }
    return read(batch, reply.path("output"), reply.path("details"));
  }

  private JsonNode run(String input) {
    Path driver;
    try {
      driver = Files.createTempFile("finetune-grader-driver", ".cjs");
      try (InputStream in =
          LocalGrader.class.getResourceAsStream("/app/polychat/finetune/grader/local-driver.cjs")) {
        Files.write(driver, Objects.requireNonNull(in, "local-driver.cjs").readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the grader driver: " + e.getMessage(), e);
    }
    try {
      List<String> command = new ArrayList<>(node);
      command.add(driver.toString());
      command.add(directory.toAbsolutePath().toString());
      ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
      builder.environment().putAll(environment);
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new GraderException(
            "cannot run '"
                + String.join(" ", node)
                + "': install Node.js 20.6 or newer (https://nodejs.org), then rerun",
            e);
      }
      CompletableFuture<String> stdout = drain(process.getInputStream());
      CompletableFuture<String> stderr = drain(process.getErrorStream());
      try (OutputStream in = process.getOutputStream()) {
        in.write(input.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new GraderException(
            "the grader did not answer within "
                + timeout.toSeconds()
                + " s: grade fewer samples, or raise the timeout");
      }
      String out = stdout.join().strip();
      if (out.isEmpty()) {
        String err = stderr.join().strip();
        throw new GraderException(
            "the grader wrote nothing (exit "
                + process.exitValue()
                + ")"
                + (err.isEmpty() ? "" : ": " + err.lines().limit(5).toList()));
      }
      return Json.parse(out.lines().reduce((a, b) -> b).orElse(out));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot talk to the grader: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GraderException("interrupted while the grader ran", e);
    } finally {
      try {
        Files.deleteIfExists(driver);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
  }

  /** The handler's answer, checked against Bedrock's output shape. */
  static List<GradedSample> read(List<ObjectNode> batch, JsonNode output, JsonNode details) {
    if (!output.isArray()) {
      throw shape("the handler returned " + output.getNodeType() + ", not a list");
    }
    if (output.size() != batch.size()) {
      throw shape(output.size() + " results for " + batch.size() + " samples");
    }
    Set<String> ids = new HashSet<>();
    batch.forEach(s -> ids.add(s.path("id").asText()));
    Map<String, JsonNode> detailById = new LinkedHashMap<>();
    details.forEach(d -> detailById.put(d.path("id").asText(), d));
    List<GradedSample> graded = new ArrayList<>();
    for (JsonNode result : output) {
      JsonNode id = result.get("id");
      if (id == null || !id.isTextual() || !ids.contains(id.asText())) {
        throw shape("a result's id " + id + " is not the id of a sample sent");
      }
      JsonNode score = result.get("aggregate_reward_score");
      if (score == null || !score.isNumber()) {
        throw shape("result " + id + " has no numeric aggregate_reward_score");
      }
      JsonNode metricsList = result.path("metrics_list");
      if (!metricsList.isArray()) {
        throw shape("result " + id + " has no metrics_list array");
      }
      List<GradedSample.Metric> metrics = new ArrayList<>();
      for (JsonNode m : metricsList) {
        String type = m.path("type").asText();
        if (!m.path("name").isTextual()
            || !m.path("value").isNumber()
            || !(type.equals("Reward") || type.equals("Metric"))) {
          throw shape(
              "result "
                  + id
                  + " has a metric that is not {name, value, type: Reward|Metric}: "
                  + m);
        }
        metrics.add(
            new GradedSample.Metric(m.get("name").asText(), m.get("value").asDouble(), type));
      }
      JsonNode detail = detailById.get(id.asText());
      graded.add(
          new GradedSample(
              id.asText(),
              score.asDouble(),
              metrics,
              detail == null || !detail.hasNonNull("reason") ? null : detail.get("reason").asText(),
              detail == null || !detail.hasNonNull("message")
                  ? null
                  : detail.get("message").asText()));
    }
    return graded;
  }

  private static GraderException shape(String what) {
    return new GraderException(
        "the grader's answer is not in Bedrock's shape ("
            + what
            + "): it must return [{id, aggregate_reward_score, metrics_list: [{name, value, type}]}]");
  }

  /** Builds a {@link LocalGrader}. */
  public static final class Builder {
    private Path directory;
    private List<String> node = List.of("node");
    private Duration timeout = Duration.ofMinutes(5);
    private final Map<String, String> environment = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The built grader's folder ({@link GraderPackage#directory()}).
     *
     * @param directory the built grader's folder ({@link GraderPackage#directory()})
     * @return this builder
     */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * The node command (default {@code node}).
     *
     * @param node the node command (default {@code node})
     * @return this builder
     */
    public Builder nodeCommand(List<String> node) {
      if (node.isEmpty()) {
        throw new IllegalArgumentException("nodeCommand needs at least the program");
      }
      this.node = List.copyOf(node);
      return this;
    }

    /**
     * How long one batch may take (default 5 minutes).
     *
     * @param timeout how long one batch may take (default 5 minutes)
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * An environment variable for the grader, as the Lambda function's configuration sets it.
     *
     * @param name the variable's name
     * @param value its value
     * @return this builder
     */
    public Builder environment(String name, String value) {
      this.environment.put(
          Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the grader runner.
     *
     * @return the runner
     */
    public LocalGrader build() {
      return new LocalGrader(this);
    }
  }
}
