package dev.portcullis.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM has no parent (so it pins nothing of the product's), which means its versions are written out: they must follow the reactor's. */
class BomTest {
  private static final Pattern VERSION = Pattern.compile("<version>([^<]+)</version>");
  private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

  @Test
  void every_version_in_the_bom_is_the_reactors_and_it_lists_the_embedding_artifacts() throws Exception {
    String root = Files.readString(Path.of("..", "pom.xml"));
    Matcher rootVersion = VERSION.matcher(root);
    assertThat(rootVersion.find()).isTrue();
    String bom = Files.readString(Path.of("..", "bom", "pom.xml")).replaceAll("(?s)<!--.*?-->", "");
    List<String> versions = VERSION.matcher(bom).results().map(m -> m.group(1)).toList();
    assertThat(versions).isNotEmpty().containsOnly(rootVersion.group(1));
    assertThat(ARTIFACT.matcher(bom).results().map(m -> m.group(1)).toList())
        .contains("portcullis-bom", "embedded-vaults", "application", "domain", "adapters-pkcs11");
    String example = Files.readString(Path.of("..", "examples", "vault-product", "pom.xml"));
    assertThat(example).contains("<portcullis.version>" + rootVersion.group(1) + "</portcullis.version>").doesNotContain("<parent>");
  }
}
