package dev.portcullis.embedded;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The embedding API's signatures hold application ports, domain types and the JDK only: no adapter,
 * no Vert.x, Guice, Netty, Tink or jose4j type, nothing internal. What a product compiles against is
 * what docs/embedding.md promises to keep stable.
 */
class EmbeddingApiTest {
  private static final List<String> ALLOWED = List.of("java.", "dev.portcullis.domain.", "dev.portcullis.application.", "dev.portcullis.embedded.");
  private static final List<String> FORBIDDEN = List.of("dev.portcullis.adapter.", "dev.portcullis.embedded.internal.", "dev.portcullis.bootstrap.");

  static boolean allowed(JavaClass type) {
    String name = type.getName();
    return type.isPrimitive() || (ALLOWED.stream().anyMatch(name::startsWith) && FORBIDDEN.stream().noneMatch(name::startsWith))
        || (type.isArray() && allowed(type.getBaseComponentType()));
  }

  static Stream<JavaClass> involved(JavaType type) {
    return type.getAllInvolvedRawTypes().stream();
  }

  static final ArchCondition<JavaCodeUnit> ONLY_PORTS_DOMAIN_AND_JDK = new ArchCondition<>("name only application ports, domain types and the JDK") {
    @Override
    public void check(JavaCodeUnit unit, ConditionEvents events) {
      Stream.concat(Stream.of(unit.getReturnType()), unit.getParameterTypes().stream()).flatMap(EmbeddingApiTest::involved)
          .filter(type -> !allowed(type)).distinct()
          .forEach(type -> events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " exposes " + type.getName())));
    }
  };

  static final ArchCondition<JavaField> FIELD_ONLY_PORTS_DOMAIN_AND_JDK = new ArchCondition<>("be of application, domain or JDK types") {
    @Override
    public void check(JavaField field, ConditionEvents events) {
      involved(field.getType()).filter(type -> !allowed(type))
          .forEach(type -> events.add(SimpleConditionEvent.violated(field, field.getFullName() + " exposes " + type.getName())));
    }
  };

  private static final DescribedPredicate<JavaCodeUnit> VISIBLE = DescribedPredicate.describe("visible to a product",
      unit -> (unit.getModifiers().contains(JavaModifier.PUBLIC) || unit.getModifiers().contains(JavaModifier.PROTECTED))
          && unit.getOwner().getModifiers().contains(JavaModifier.PUBLIC));

  static ArchRule publicSignatures() {
    return codeUnits().that().areDeclaredInClassesThat().resideInAPackage("dev.portcullis.embedded").and(VISIBLE)
        .should(ONLY_PORTS_DOMAIN_AND_JDK).allowEmptyShould(false);
  }

  static ArchRule publicFields() {
    return fields().that().areDeclaredInClassesThat().resideInAPackage("dev.portcullis.embedded").and().arePublic()
        .should(FIELD_ONLY_PORTS_DOMAIN_AND_JDK).allowEmptyShould(true);
  }

  private static JavaClasses api() {
    return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.portcullis.embedded");
  }

  @Test
  void the_embedding_api_exposes_no_adapter_vertx_or_guice_type() {
    JavaClasses api = api();
    assertThat(api.stream().map(JavaClass::getSimpleName)).contains("EmbeddedVaults", "SecretVault", "TokenVault");
    publicSignatures().check(api);
    publicFields().check(api);
  }

  /** The rule itself can fail: a public method that takes a Vert.x type, or returns an adapter, is caught. */
  @Test
  void the_rule_catches_a_leaking_signature() {
    JavaClasses leaking = new ClassFileImporter().importClasses(dev.portcullis.embedded.fixture.Leaky.class);
    assertThatThrownBy(() -> codeUnits().that().areDeclaredInClassesThat().resideInAPackage("dev.portcullis.embedded.fixture").and(VISIBLE)
        .should(ONLY_PORTS_DOMAIN_AND_JDK).check(leaking))
        .hasMessageContaining("io.vertx.core.Vertx").hasMessageContaining("dev.portcullis.adapter.crypto.EnvironmentRootKey")
        .hasMessageContaining("com.google.inject.Injector");
  }
}
