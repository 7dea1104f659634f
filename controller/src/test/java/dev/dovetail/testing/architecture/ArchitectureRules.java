package dev.dovetail.testing.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The architecture rules every module checks on its main classes. Rules never pass on an empty
 * match: an import that finds no class, or a rule whose subject matches nothing, fails.
 */
public final class ArchitectureRules {
  /** The base package of every Dovetail class. */
  public static final String BASE = "dev.dovetail";

  private ArchitectureRules() {}

  /**
   * The main classes of one module: those in the class-path entry (directory or jar) that holds
   * {@code moduleClass}. Fails when that entry holds no Dovetail class.
   */
  public static JavaClasses mainClasses(Class<?> moduleClass) {
    Path location;
    try {
      location = Path.of(moduleClass.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the classes of " + moduleClass, e);
    }
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(location)
            .that(JavaClass.Predicates.resideInAPackage(BASE + ".."));
    if (!classes.contain(moduleClass)) {
      throw new AssertionError(
          location + " holds " + classes.size() + " Dovetail classes but not " + moduleClass);
    }
    return classes;
  }

  /** Every package is a slice; no two packages may depend on each other, directly or not. */
  public static ArchRule noPackageCycles() {
    return slices()
        .matching(BASE + ".(**)")
        .namingSlices("$1")
        .should()
        .beFreeOfCycles()
        .allowEmptyShould(false);
  }
}
