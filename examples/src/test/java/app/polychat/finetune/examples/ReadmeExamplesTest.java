package app.polychat.finetune.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's Examples section and the examples stay in step. */
class ReadmeExamplesTest {
  private static final Path EXAMPLES = Path.of("src/main/java/app/polychat/finetune/examples");

  @Test
  void readme_listsEveryExampleWithTheCommandThatRunsIt() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    List<String> programs = programs();
    assertThat(programs)
        .contains(
            "QuickStart",
            "GenerateFromPolychat",
            "TrainOnBedrock",
            "DistillWithNova",
            "ImportAndTrain",
            "SqlFromEnglish");
    for (String program : programs) {
      assertThat(readme).contains("`./scripts/example " + program);
      // and each has a test that runs it
      assertThat(Path.of("src/test/java/app/polychat/finetune/examples/" + program + "Test.java"))
          .exists();
    }
  }

  @Test
  void everyExample_isShortAndSaysWhatItShows() throws IOException {
    for (String program : programs()) {
      List<String> lines = Files.readAllLines(EXAMPLES.resolve(program + ".java"));
      assertThat(lines.size()).as(program + " lines").isLessThanOrEqualTo(90);
      assertThat(String.join("\n", lines)).as(program).contains("/**\n * ");
    }
  }

  /** The classes of the examples package with a {@code main}. */
  private static List<String> programs() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files
          .filter(f -> read(f).contains("public static void main(String[] args)"))
          .map(f -> f.getFileName().toString().replace(".java", ""))
          .sorted()
          .toList();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
