package dev.portcullis.bootstrap.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * The architecture rules, written against a root package so the same rules run on Portcullis
 * ({@code dev.portcullis}) and on deliberate violations ({@code fixtures.archviolations}), which
 * proves each rule bites.
 */
final class ArchitectureRules {
  private ArchitectureRules() {}

  /** Rule 1: the domain uses the JDK only (no Vert.x, Guice, SQL, Redis, Jackson, logging). */
  static ArchRule domainDependsOnTheJdkOnly(String root) {
    return classes().that().resideInAPackage(root + ".domain..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(root + ".domain..", "java..")
        .because("the domain is pure Java: nothing but the JDK");
  }

  /** Rule 2: the application depends on the domain and the ports it declares, nothing else. */
  static ArchRule applicationDependsOnTheDomainOnly(String root) {
    return classes().that().resideInAPackage(root + ".application..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(root + ".application..", root + ".domain..", "java..")
        .because("use cases reach the outside world only through their ports");
  }

  /** Rule 3: adapters do not depend on each other; only bootstrap sees them all. */
  static ArchRule adaptersDoNotDependOnEachOther(String root) {
    return slices().matching(root + ".adapter.(*)..").should().notDependOnEachOther()
        .because("an adapter is replaceable only if no other adapter reaches into it");
  }

  /** Rule 3 (continued): nothing but bootstrap depends on an adapter. */
  static ArchRule onlyBootstrapUsesAdapters(String root) {
    return noClasses().that().resideInAnyPackage(root + ".domain..", root + ".application..")
        .should().dependOnClassesThat().resideInAPackage(root + ".adapter..");
  }

  /** Rule 4: bounded contexts in the domain are free of cycles. */
  static ArchRule domainContextsAreFreeOfCycles(String root) {
    return slices().matching(root + ".domain.(*)..").should().beFreeOfCycles()
        .because("contexts meet through the shared kernel or through ports");
  }

  /** Rule 4: bounded contexts in the application are free of cycles. */
  static ArchRule applicationContextsAreFreeOfCycles(String root) {
    return slices().matching(root + ".application.(*)..").should().beFreeOfCycles()
        .because("contexts meet through the shared kernel or through ports");
  }

  /** Rule 5: the core takes time and randomness as parameters, never from the system. */
  static ArchRule coreTakesTimeAndRandomnessFromPorts(String root) {
    return noClasses().that().resideInAnyPackage(root + ".domain..", root + ".application..")
        .should().callMethod(Instant.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(UUID.class, "randomUUID")
        .orShould().callConstructor(SecureRandom.class)
        .because("tests control the clock and the randomness (InstantSource, TokenGenerator)");
  }

  /** Rule 6: Guice appears only in *Module classes and in the two composition roots: bootstrap (the service) and embedded (the vaults in a product). */
  static ArchRule guiceOnlyInModulesAndBootstrap(String root) {
    return noClasses().that().resideOutsideOfPackages(root + ".bootstrap..", root + ".embedded..")
        .and().haveSimpleNameNotEndingWith("Module")
        .and().resideInAPackage(root + "..")
        .should().dependOnClassesThat().resideInAPackage("com.google.inject..")
        .because("adapters use jakarta.inject; wiring lives in modules");
  }

  /** Rule 7: no java.util.logging anywhere. */
  static ArchRule noJavaUtilLogging(String root) {
    return noClasses().that().resideInAPackage(root + "..")
        .should().dependOnClassesThat().resideInAPackage("java.util.logging..");
  }

  /** Rule 7: only the CLI writes to the console directly. */
  static ArchRule onlyTheCliWritesToTheConsole(String root) {
    return noClasses().that().resideInAPackage(root + "..").and().doNotHaveSimpleName("Cli").and().doNotHaveSimpleName("Main")
        .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
        .because("everything else logs through SLF4J, where the redaction layer sits");
  }

  /** Rule 7: no code throws the generic Exception or RuntimeException. */
  static ArchRule noGenericExceptions(String root) {
    return noClasses().that().resideInAPackage(root + "..").and().areNotAssignableTo(Throwable.class) // super(...) is fine
        .should().callConstructor(Exception.class)
        .orShould().callConstructor(Exception.class, String.class)
        .orShould().callConstructor(RuntimeException.class)
        .orShould().callConstructor(RuntimeException.class, String.class)
        .orShould().callConstructor(RuntimeException.class, String.class, Throwable.class)
        .because("failures are typed: sealed results, IllegalArgumentException for bad input, named exceptions for outages");
  }

  /**
   * Rule 8: no HTTP in the core. No domain or application type carries an HTTP status (a numeric field
   * named like one: {@code status}, {@code statusCode}, {@code httpStatus}) or uses the JDK's HTTP client;
   * outcomes are sealed types and the adapter maps each to a status in one switch.
   */
  static ArchRule coreCarriesNoHttpStatus(String root) {
    return com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields()
        .that().areDeclaredInClassesThat().resideInAnyPackage(root + ".domain..", root + ".application..")
        .and().haveRawType(int.class)
        .should().haveNameMatching("(?i)(http)?status(code)?")
        .because("the core speaks in outcomes; which HTTP status an outcome is, the HTTP adapter decides");
  }

  /** Rule 8 (continued): the core does not speak HTTP itself. */
  static ArchRule coreUsesNoHttpClient(String root) {
    return noClasses().that().resideInAnyPackage(root + ".domain..", root + ".application..")
        .should().dependOnClassesThat().resideInAnyPackage("java.net.http..")
        .because("HTTP belongs to adapters (adapters-http serves it, adapters-webclient speaks it)");
  }
}
