package dev.tracekit.examples.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.core.importer.Locations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * TraceKit's module rule: no module imports another module's {@code internal} package. What modules
 * share lives in {@code dev.tracekit.api.support}. A module is identified by the package segment
 * after {@code dev.tracekit} ({@code dev.tracekit.jdbc..} is tracing-jdbc).
 *
 * <p>Checks every TraceKit class on this module's class path (the library modules the examples use)
 * and the compiled classes of every sibling {@code tracing-*} module already built in this reactor
 * (the Spring Boot starter, the agent extension).
 */
class ModuleBoundariesTest {

  @Test
  void noModuleDependsOnAnotherModulesInternalPackage() throws IOException {
    JavaClasses classes = importAll();
    Set<String> modules = new TreeSet<>();
    List<String> violations = new ArrayList<>();
    for (JavaClass javaClass : classes) {
      String owner = module(javaClass.getPackageName());
      if (owner == null) {
        continue;
      }
      modules.add(owner);
      for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
        String target = dependency.getTargetClass().getPackageName();
        String targetModule = module(target);
        if (targetModule != null
            && !targetModule.equals(owner)
            && (target.endsWith(".internal") || target.contains(".internal."))) {
          violations.add(dependency.getDescription());
        }
      }
    }
    assertThat(modules)
        .as("modules checked")
        .contains("api", "core", "jdbc", "http", "ai", "metrics", "testing");
    assertThat(violations).as("imports of another module's internal package").isEmpty();
  }

  private static JavaClasses importAll() throws IOException {
    Set<Location> locations = new LinkedHashSet<>(Locations.ofPackage("dev.tracekit"));
    Path root = Paths.get("").toAbsolutePath().getParent();
    if (root != null) {
      try (Stream<Path> siblings = Files.list(root)) {
        siblings
            .filter(p -> p.getFileName().toString().startsWith("tracing-"))
            .map(p -> p.resolve("target/classes"))
            .filter(p -> Files.isDirectory(p.resolve("dev/tracekit")))
            .forEach(p -> locations.add(Location.of(p)));
      }
    }
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importLocations(locations);
  }

  private static String module(String packageName) {
    if (!packageName.startsWith("dev.tracekit.")) {
      return null;
    }
    String rest = packageName.substring("dev.tracekit.".length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }
}
