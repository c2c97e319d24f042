package dev.tracekit.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** tracing-api is what library authors depend on: it must use the OpenTelemetry API only. */
class LayeringTest {
  @Test
  void apiUsesNoSdkClassAndNoTraceKitModuleAboveIt() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tracekit.api");
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.opentelemetry.sdk..",
            "io.opentelemetry.exporter..",
            "dev.tracekit.core..",
            "dev.tracekit.jdbc..",
            "dev.tracekit.http..",
            "dev.tracekit.ai..",
            "dev.tracekit.metrics..",
            "org.slf4j..")
        .check(classes);
  }
}
