package com.example.vaultproduct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.embedded.EmbeddedVaults;
import dev.portcullis.testsupport.TestPostgres;
import dev.portcullis.testsupport.UpstreamIdp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the example product against a real Postgres and the real OpenID provider of ../shared/upstream-idp. */
class VaultProductIT {
  @Test
  void the_product_stores_and_reads_a_secret_and_obtains_a_provider_token() throws Exception {
    try (UpstreamIdp idp = UpstreamIdp.start(Map.of("UPSTREAM_REDIRECT_URIS", VaultProduct.CALLBACK.toString()))) {
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      int exit = VaultProduct.run(TestPostgres.get().freshDatabase("vault_product").url(), EmbeddedVaults.generateRootKey(), idp.issuer(),
          "broker", SecretBytes.ofUtf8("broker-secret"), new PrintStream(printed, true, StandardCharsets.UTF_8));
      String output = printed.toString(StandardCharsets.UTF_8);
      assertThat(exit).as(output).isZero();
      assertThat(output).contains("secret payments/webhook-signing-key: stored and read back intact")
          .contains("provider token obtained (Bearer").doesNotContain("whsec_example_value").doesNotContain("broker-secret");
    }
  }
}
