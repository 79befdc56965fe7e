package app.polychat.finetune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbCommandTest {
  @TempDir Path dir;

  @Test
  void init_createsThenLeavesAloneThenBacksUpWithForce() throws IOException {
    CliRunner cli = new CliRunner(dir);
    var first = cli.run("db", "init");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("Initializing new database at: " + dir.resolve("datasets/.finetune.db"))
        .contains("✓ Created table: jobs")
        .contains("✓ Created table: datasets")
        .contains("✓ Created indexes")
        .contains("✓ Database initialized successfully!");
    var second = cli.run("db", "init");
    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).contains("already exists").contains("--force");
    var forced = cli.run("db", "init", "--force");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("backup");
    try (var files = Files.list(dir.resolve("datasets"))) {
      assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.contains("backup"));
    }
  }

  @Test
  void init_onAFileThatIsNotADatabaseSaysSoWithoutAStackTrace() throws IOException {
    Files.writeString(dir.resolve("notes.db"), "just text, not sqlite");
    var result = new CliRunner(dir).run("db", "init", "--path", "notes.db");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("notes.db").doesNotContain("\tat ");
  }
}
