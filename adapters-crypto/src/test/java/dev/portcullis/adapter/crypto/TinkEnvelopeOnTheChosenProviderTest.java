package dev.portcullis.adapter.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import javax.crypto.Cipher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The envelope's whole contract again, with the provider the service installs at startup in first place. */
class TinkEnvelopeOnTheChosenProviderTest extends TinkEnvelopeTest {
  private static JcaProviders.Active active;

  @BeforeAll
  static void install() {
    active = JcaProviders.install();
  }

  @Test
  void aes_gcm_comes_from_the_chosen_provider_where_it_offers_it() throws Exception {
    String from = Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName();

    assertThat(from).isEqualTo(active.provider().getService("Cipher", "AES/GCM/NoPadding") != null ? active.provider().getName() : "SunJCE");
  }
}
