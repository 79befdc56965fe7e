package app.polychat.finetune.strudel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.polychat.finetune.support.FineTuneException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code finetune strudel setup}'s library side, with a stand-in npm (a shell script) so the test
 * stays offline: it records its arguments and lays out node_modules as {@code npm ci} would.
 */
class StrudelEngineTest {
  @TempDir Path dir;

  Path fakeNpm(String body) throws IOException {
    Path npm = dir.resolve("npm");
    Files.writeString(npm, "#!/bin/sh\necho \"$@\" > \"" + dir.resolve("args") + "\"\n" + body);
    Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
    return npm;
  }

  static String layOut(String version) {
    StringBuilder sh = new StringBuilder("prefix=\"$3\"\n");
    for (String p : List.of("core", "mini", "tonal", "transpiler")) {
      sh.append("mkdir -p \"$prefix/node_modules/@strudel/")
          .append(p)
          .append("\"\necho '{\"name\":\"@strudel/")
          .append(p)
          .append("\",\"version\":\"")
          .append(version)
          .append("\"}' > \"$prefix/node_modules/@strudel/")
          .append(p)
          .append("/package.json\"\n");
    }
    return sh.append("echo added 68 packages\n").toString();
  }

  @Test
  void pinnedVersions_comeFromTheRunnersPackageJson() {
    assertThat(StrudelEngine.PACKAGES)
        .containsOnlyKeys("@strudel/core", "@strudel/mini", "@strudel/tonal", "@strudel/transpiler")
        .allSatisfy((name, version) -> assertThat(version).isEqualTo("1.2.6"));
  }

  @Test
  void install_runsNpmCiWithTheLockFileAndNoInstallScripts() throws IOException {
    Path npm = fakeNpm(layOut("1.2.6"));
    StrudelEngine engine = StrudelEngine.at(dir.resolve("engine"));
    assertThat(engine.installed()).isFalse();
    List<String> output = new ArrayList<>();

    engine.install(npm.toString(), output::add);

    assertThat(engine.installed()).isTrue();
    assertThat(output).contains("added 68 packages");
    assertThat(Files.readString(dir.resolve("args")).strip())
        .isEqualTo(
            "ci --prefix " + engine.dir() + " --no-audit --no-fund --ignore-scripts --omit=dev");
    assertThat(engine.dir().resolve("package.json")).exists();
    assertThat(Files.readString(engine.dir().resolve("package-lock.json")))
        .contains("\"node_modules/@strudel/core\"")
        .contains("\"integrity\"");
  }

  @Test
  void install_thatLeavesAnotherVersion_saysWhatIsWrong() throws IOException {
    Path npm = fakeNpm(layOut("1.1.0"));
    StrudelEngine engine = StrudelEngine.at(dir.resolve("engine"));
    assertThatThrownBy(() -> engine.install(npm.toString(), line -> {}))
        .isInstanceOf(FineTuneException.class)
        .hasMessageContaining("@strudel/core is 1.1.0, needs 1.2.6");
  }

  @Test
  void failingNpm_isReportedWithItsLastLines() throws IOException {
    Path npm = fakeNpm("echo 'npm ERR! network request failed'\nexit 1\n");
    assertThatThrownBy(
            () -> StrudelEngine.at(dir.resolve("engine")).install(npm.toString(), l -> {}))
        .isInstanceOf(FineTuneException.class)
        .hasMessageContaining("npm ci failed (exit 1)")
        .hasMessageContaining("npm ERR! network request failed");
  }

  @Test
  void missingNpm_saysToInstallNode() {
    assertThatThrownBy(
            () ->
                StrudelEngine.at(dir.resolve("engine"))
                    .install(dir.resolve("no-such-npm").toString(), l -> {}))
        .isInstanceOf(FineTuneException.class)
        .hasMessageContaining("npm was not found")
        .hasMessageContaining("Node.js 20.6");
  }

  @Test
  void installHint_namesTheCommandAndTheExactPackages() {
    assertThat(StrudelEngine.at(dir).installHint())
        .contains("finetune strudel setup")
        .contains("@strudel/core@1.2.6")
        .contains("@strudel/transpiler@1.2.6");
  }
}
