package app.polychat.finetune;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shape of core's packages, checked on the compiled classes (every dependency in the bytecode:
 * imports, fully qualified names, signatures, calls): no package cycle, and each package uses only
 * its own level and the levels below it. The levels are the layering documented in the root
 * package's {@code package-info.java}; a new package must be given a level here.
 */
class CorePackagesTest {
  private static final String ROOT = "app.polychat.finetune";

  /**
   * Core's packages from the bottom up; a sub-package ({@code validate.internal}) belongs to its
   * parent's level. {@code ""} is the root package, the fluent facade on top.
   */
  static final List<List<String>> LEVELS =
      List.of(
          List.of("support"),
          List.of("example", "job"),
          List.of("format"),
          List.of("source", "validate"),
          List.of("check", "filter", "prompt", "track", "cost", "grader"),
          List.of("dataset"),
          List.of("store"),
          List.of("generate"),
          List.of("report"),
          List.of(""));

  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  /** One slice per package, so that {@code report} and {@code report.internal} are two slices. */
  private static final SliceAssignment ONE_SLICE_PER_PACKAGE =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String name = javaClass.getPackageName();
          return name.equals(ROOT) || name.startsWith(ROOT + ".")
              ? SliceIdentifier.of(name)
              : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
          return "core's packages, one slice each";
        }
      };

  @Test
  void corePackagesFormNoCycle() {
    slices().assignedFrom(ONE_SLICE_PER_PACKAGE).should().beFreeOfCycles().check(CORE);
  }

  @Test
  void eachPackageUsesOnlyItsOwnLevelAndTheLevelsBelow() {
    LayeredArchitecture levels =
        layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture();
    List<String> below = new ArrayList<>();
    for (List<String> level : LEVELS) {
      levels = levels.layer(name(level)).definedBy(packagePatterns(level));
    }
    for (List<String> level : LEVELS) {
      levels =
          below.isEmpty()
              ? levels.whereLayer(name(level)).mayNotAccessAnyLayer()
              : levels.whereLayer(name(level)).mayOnlyAccessLayers(below.toArray(String[]::new));
      below.add(name(level));
    }
    levels.check(CORE);
  }

  private static String name(List<String> level) {
    return String.join("/", level.stream().map(p -> p.isEmpty() ? "(root)" : p).toList());
  }

  private static String[] packagePatterns(List<String> level) {
    return level.stream()
        .map(p -> p.isEmpty() ? ROOT : ROOT + "." + p + "..")
        .toArray(String[]::new);
  }
}
