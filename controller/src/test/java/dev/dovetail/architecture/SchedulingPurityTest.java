package dev.dovetail.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the scheduling engine pure: snapshot in, plan out, nothing else. */
class SchedulingPurityTest {
  private static final String ENGINE = "dev.dovetail.scheduling..";
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.dovetail");
  }

  @Test
  void engineDoesNotUseTheKubernetesClient() {
    rule(noClasses()
            .that()
            .resideInAPackage(ENGINE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.fabric8.kubernetes.client..", "io.fabric8.kubernetes.api.."))
        .check(classes);
  }

  @Test
  void engineDoesNotUseTheAwsSdk() {
    rule(noClasses()
            .that()
            .resideInAPackage(ENGINE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("software.amazon.."))
        .check(classes);
  }

  @Test
  void engineDoesNoNetworkOrFileIo() {
    rule(noClasses()
            .that()
            .resideInAPackage(ENGINE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.net..", "java.nio.file..", "java.nio.channels.."))
        .check(classes);
  }

  @Test
  void engineReadsNoClock() {
    rule(noClasses()
            .that()
            .resideInAPackage(ENGINE)
            .should()
            .dependOnClassesThat()
            .areAssignableTo(Clock.class)
            .orShould()
            .callMethod(Instant.class, "now")
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .callMethod(LocalDateTime.class, "now")
            .orShould()
            .callMethod(ZonedDateTime.class, "now"))
        .check(classes);
  }

  @Test
  void engineBindsNoLoggingBackend() {
    rule(noClasses()
            .that()
            .resideInAPackage(ENGINE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "ch.qos.logback..",
                "org.apache.logging..",
                "org.apache.log4j..",
                "java.util.logging.."))
        .check(classes);
  }

  private static ArchRule rule(ArchRule rule) {
    // a rule whose subject matches no class would pass without checking anything
    return rule.allowEmptyShould(false);
  }
}
