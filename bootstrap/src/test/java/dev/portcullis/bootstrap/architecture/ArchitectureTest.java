package dev.portcullis.bootstrap.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The architecture rules on Portcullis itself (production classes of every module). */
class ArchitectureTest {
  private static final String ROOT = "dev.portcullis";
  private static JavaClasses portcullis;

  @BeforeAll
  static void importClasses() {
    portcullis = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ArchitectureTest::isProductionCode)
        .importPackages(ROOT);
  }

  /** Test jars (contracts, fakes) and the test-support module are not production code. */
  private static boolean isProductionCode(com.tngtech.archunit.core.importer.Location location) {
    return !location.contains("-tests.jar") && !location.contains("/test-support/") && !location.contains("/test-support-");
  }

  @Test
  void rule1_domain_depends_on_the_jdk_only() {
    ArchitectureRules.domainDependsOnTheJdkOnly(ROOT).check(portcullis);
  }

  @Test
  void rule2_application_depends_on_the_domain_only() {
    ArchitectureRules.applicationDependsOnTheDomainOnly(ROOT).check(portcullis);
  }

  @Test
  void rule3_adapters_do_not_depend_on_each_other() {
    ArchitectureRules.adaptersDoNotDependOnEachOther(ROOT).check(portcullis);
  }

  @Test
  void rule3_only_bootstrap_uses_adapters() {
    ArchitectureRules.onlyBootstrapUsesAdapters(ROOT).check(portcullis);
  }

  @Test
  void rule4_bounded_contexts_are_free_of_cycles() {
    ArchitectureRules.domainContextsAreFreeOfCycles(ROOT).allowEmptyShould(true).check(portcullis);
    ArchitectureRules.applicationContextsAreFreeOfCycles(ROOT).allowEmptyShould(true).check(portcullis);
  }

  @Test
  void rule5_core_takes_time_and_randomness_from_ports() {
    ArchitectureRules.coreTakesTimeAndRandomnessFromPorts(ROOT).check(portcullis);
  }

  @Test
  void rule6_guice_only_in_modules_and_bootstrap() {
    ArchitectureRules.guiceOnlyInModulesAndBootstrap(ROOT).check(portcullis);
  }

  @Test
  void rule7_no_java_util_logging_no_console_no_generic_exceptions() {
    ArchitectureRules.noJavaUtilLogging(ROOT).check(portcullis);
    ArchitectureRules.onlyTheCliWritesToTheConsole(ROOT).check(portcullis);
    ArchitectureRules.noGenericExceptions(ROOT).check(portcullis);
  }

  @Test
  void rule8_no_http_status_or_http_client_in_the_core() {
    ArchitectureRules.coreCarriesNoHttpStatus(ROOT).check(portcullis);
    ArchitectureRules.coreUsesNoHttpClient(ROOT).check(portcullis);
  }
}
