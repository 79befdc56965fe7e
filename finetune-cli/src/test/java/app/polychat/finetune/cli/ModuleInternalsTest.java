package app.polychat.finetune.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code internal} packages are for their own module only: no class of one module (main or test
 * code) depends on a class in an {@code ..internal..} package of another module. What another
 * module needs is public API (core's {@code support} package, or a public package of the owning
 * module).
 *
 * <p>Checked here because the command line's test classpath holds every library module, main and
 * test classes. A class's module is where its class file was loaded from ({@code
 * <module>/target/classes}, {@code <module>/target/test-classes} or {@code
 * <module>-<version>[-tests].jar}), so the rule needs no list of packages and keeps working when a
 * module gains sub-packages or a new module joins. Checked on the bytecode: imports, fully
 * qualified names, signatures and calls all count.
 */
class ModuleInternalsTest {
  private static final String ROOT = "app.polychat.finetune";
  private static final Pattern INTERNAL = Pattern.compile("(^|\\.)internal(\\.|$)");
  private static final Pattern CLASSES_FOLDER =
      Pattern.compile("/([^/]+)/target/(?:test-)?classes/");
  private static final Pattern JAR = Pattern.compile("/([^/!]+?)-\\d[^/!]*\\.jar!/");

  private static final JavaClasses ALL = new ClassFileImporter().importPackages(ROOT);

  @Test
  void everyLibraryModuleIsCheckedWithItsInternalPackages() {
    Set<String> modules = new TreeSet<>();
    Set<String> internalPackages = new TreeSet<>();
    for (JavaClass javaClass : ALL) {
      modules.add(moduleOf(javaClass));
      if (isInternal(javaClass)) {
        internalPackages.add(moduleOf(javaClass) + ":" + javaClass.getPackageName());
      }
    }
    assertThat(modules)
        .contains(
            "finetune-core",
            "finetune-polychat",
            "finetune-bedrock",
            "finetune-store-sqlite",
            "finetune-strudel",
            "finetune-teacher",
            "finetune-cli");
    assertThat(internalPackages)
        .contains(
            "finetune-core:app.polychat.finetune.validate.internal",
            "finetune-core:app.polychat.finetune.report.internal",
            "finetune-polychat:app.polychat.finetune.polychat.internal",
            "finetune-store-sqlite:app.polychat.finetune.sqlite.internal")
        .contains(
            "finetune-bedrock:app.polychat.finetune.bedrock.internal",
            "finetune-bedrock:app.polychat.finetune.bedrock.teacher.internal",
            "finetune-bedrock:app.polychat.finetune.bedrock.training.internal");
  }

  @Test
  void noClassUsesAnotherModulesInternalPackages() {
    classes().should(useNoOtherModulesInternalPackage()).check(ALL);
  }

  private static ArchCondition<JavaClass> useNoOtherModulesInternalPackage() {
    return new ArchCondition<>("use no class of another module's internal packages") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String from = moduleOf(origin);
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          JavaClass target = dependency.getTargetClass().getBaseComponentType();
          if (!target.getPackageName().startsWith(ROOT + ".") || !isInternal(target)) {
            continue;
          }
          String to = moduleOf(target);
          if (!to.equals(from)) {
            events.add(
                SimpleConditionEvent.violated(
                    dependency,
                    from
                        + " uses "
                        + to
                        + "'s internal "
                        + target.getName()
                        + ": "
                        + dependency.getDescription()
                        + " (make what it needs public API of "
                        + to
                        + ")"));
          }
        }
      }
    };
  }

  private static boolean isInternal(JavaClass javaClass) {
    return INTERNAL.matcher(javaClass.getPackageName()).find();
  }

  /** The Maven module a class file came from; fails for a class from anywhere else. */
  static String moduleOf(JavaClass javaClass) {
    String uri =
        javaClass
            .getSource()
            .orElseThrow(() -> new AssertionError("no class file for " + javaClass.getName()))
            .getUri()
            .toString();
    Matcher folder = CLASSES_FOLDER.matcher(uri);
    if (folder.find()) {
      return folder.group(1);
    }
    Matcher jar = JAR.matcher(uri);
    if (jar.find()) {
      return jar.group(1);
    }
    throw new AssertionError("cannot tell the module of " + javaClass.getName() + " from " + uri);
  }
}
