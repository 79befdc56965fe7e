package app.polychat.finetune.examples;

import static org.assertj.core.api.Assertions.assertThat;

import app.polychat.finetune.job.JobState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {
  @TempDir Path dir;

  @Test
  void readme_showsTheQuickStartCodeVerbatim() throws IOException {
    String source =
        Files.readString(Path.of("src/main/java/app/polychat/finetune/examples/QuickStart.java"));
    String snippet = source.split("// README:start\n")[1].split("\\s*// README:end")[0];
    String dedented =
        Arrays.stream(snippet.split("\n"))
            .map(line -> line.length() >= 4 ? line.substring(4) : line.strip())
            .collect(Collectors.joining("\n"));
    assertThat(Files.readString(Path.of("../README.md")))
        .contains("```java\n" + dedented + "\n```");
  }

  @Test
  void quickStart_runsTheWholePipelineOnTheSampleSet() throws IOException {
    // the prompt config and the samples come from the finetune-strudel jar, not from the repository
    Path samples = QuickStart.extractSampleSet(dir);
    assertThat(QuickStart.run(samples, dir.resolve("out")).state()).isEqualTo(JobState.DRY_RUN);
    assertThat(Files.readAllLines(dir.resolve("out/train.jsonl"))).hasSize(43);
    assertThat(Files.readAllLines(dir.resolve("out/validation.jsonl"))).hasSize(11);
  }
}
