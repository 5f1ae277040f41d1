package dev.portcullis.bootstrap.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each rule, run on {@code fixtures.archviolations} (a miniature Portcullis that breaks every rule on
 * purpose), must report the violation planted for it. A rule that stops biting fails here.
 */
class ArchitectureRulesBiteTest {
  private static final String ROOT = "fixtures.archviolations";
  private static JavaClasses violations;

  @BeforeAll
  static void importClasses() {
    violations = new ClassFileImporter().importPackages(ROOT);
  }

  @Test
  void rule1_catches_vertx_in_the_domain() {
    assertBites(ArchitectureRules.domainDependsOnTheJdkOnly(ROOT), "LeakyValue", "io.vertx.core.json.JsonObject");
  }

  @Test
  void rule2_catches_the_application_importing_an_adapter() {
    assertBites(ArchitectureRules.applicationDependsOnTheDomainOnly(ROOT), "ShortcutService", "PgShortcut");
  }

  @Test
  void rule3_catches_one_adapter_calling_another() {
    assertBites(ArchitectureRules.adaptersDoNotDependOnEachOther(ROOT), "RedisLeaning", "PgShortcut");
    assertBites(ArchitectureRules.onlyBootstrapUsesAdapters(ROOT), "ShortcutService", "PgShortcut");
  }

  @Test
  void rule4_catches_a_cycle_between_contexts() {
    assertBites(ArchitectureRules.domainContextsAreFreeOfCycles(ROOT), "SecretOwner", "GrantHolder");
  }

  @Test
  void rule5_catches_the_system_clock_in_the_core() {
    assertBites(ArchitectureRules.coreTakesTimeAndRandomnessFromPorts(ROOT), "SecretOwner", "Instant.now()");
  }

  @Test
  void rule6_catches_guice_outside_modules() {
    assertBites(ArchitectureRules.guiceOnlyInModulesAndBootstrap(ROOT), "PgShortcut", "com.google.inject");
  }

  @Test
  void rule7_catches_console_output_and_generic_exceptions() {
    assertBites(ArchitectureRules.onlyTheCliWritesToTheConsole(ROOT), "RedisLeaning", "System.out");
    assertBites(ArchitectureRules.noGenericExceptions(ROOT), "GrantHolder", "RuntimeException");
  }

  @Test
  void rule8_catches_an_http_status_in_an_application_result_and_the_jdk_http_client_in_the_core() {
    assertBites(ArchitectureRules.coreCarriesNoHttpStatus(ROOT), "StatusLeak", "status");
    assertBites(ArchitectureRules.coreUsesNoHttpClient(ROOT), "StatusLeak", "java.net.http.HttpClient");
  }

  private static void assertBites(ArchRule rule, String offender, String detail) {
    EvaluationResult result = rule.evaluate(violations);

    assertThat(result.hasViolation()).as("rule should report a violation: %s", rule.getDescription()).isTrue();
    assertThat(String.join("\n", result.getFailureReport().getDetails())).contains(offender).contains(detail);
  }
}
