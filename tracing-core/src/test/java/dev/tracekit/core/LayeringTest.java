package dev.tracekit.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** tracing-core sits below the feature modules: no arrow may point upwards. */
class LayeringTest {
  @Test
  void coreDependsOnNoFeatureModule() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tracekit.core");
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.tracekit.jdbc..",
            "dev.tracekit.http..",
            "dev.tracekit.ai..",
            "dev.tracekit.metrics..",
            "dev.tracekit.examples..")
        .check(classes);
  }
}
