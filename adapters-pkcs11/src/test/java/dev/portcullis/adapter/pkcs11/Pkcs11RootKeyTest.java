package dev.portcullis.adapter.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.port.out.RootKey;
import dev.portcullis.application.shared.port.out.RootKeyContract;
import dev.portcullis.testsupport.SoftHsm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PKCS#11 root key against a real token (SoftHSM2): the same contract as the environment key, and
 * an HSM outage is a 503, never tampering. The outage runs last: SoftHSM does not recover in-process
 * once its object store has vanished (C_GetSlotList fails until C_Initialize runs again).
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class Pkcs11RootKeyTest implements RootKeyContract {
  private static SoftHsm hsm;
  private static SoftHsm otherHsm;
  private static Pkcs11RootKey rootKey;
  private static Pkcs11RootKey otherTokensKey;

  @BeforeAll
  static void tokens() throws Exception {
    hsm = SoftHsm.newToken();
    otherHsm = SoftHsm.newToken();
    assertThat(Pkcs11RootKey.generateKey(settings(hsm, "root-1"))).isTrue();
    assertThat(Pkcs11RootKey.generateKey(settings(hsm, "root-1"))).as("an existing key is kept").isFalse();
    Pkcs11RootKey.generateKey(settings(otherHsm, "root-1"));
    rootKey = new Pkcs11RootKey(settings(hsm, "root-1"));
    otherTokensKey = new Pkcs11RootKey(settings(otherHsm, "root-1"));
  }

  @AfterAll
  static void close() {
    rootKey.close();
    otherTokensKey.close();
  }

  static Pkcs11Settings settings(SoftHsm token, String keyLabel) {
    return new Pkcs11Settings(SoftHsm.library(), Optional.empty(), Optional.of(token.tokenLabel()), keyLabel, token.pinFile(), Duration.ofSeconds(2));
  }

  @Override
  public RootKey rootKey() {
    return rootKey;
  }

  /** The same label in another token: another key, so its ciphertexts fail authentication here. */
  @Override
  public RootKey anotherRootKey() {
    return otherTokensKey;
  }

  @Test
  void the_key_in_the_token_is_sensitive_and_cannot_be_exported() throws Exception {
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS11",
        java.security.Security.getProvider("SunPKCS11").configure("--name=probe\nlibrary=" + SoftHsm.library() + "\nslot="
            + Pkcs11Slots.slotOf(SoftHsm.library(), hsm.tokenLabel()) + "\n"));
    store.load(null, SoftHsm.pin().toCharArray());
    java.security.Key key = store.getKey("root-1", null);

    assertThat(key.getEncoded()).as("the root key's bytes never leave the token").isNull();
    assertThat(key.toString()).contains("sensitive").contains("unextractable");
  }

  @Test
  void a_token_can_hold_the_next_root_key_and_still_open_what_the_previous_one_wrapped() {
    byte[] wrappedByFirst = rootKey.wrap(KEK, BINDING);
    Pkcs11RootKey.generateKey(settings(hsm, "root-2"));
    try (Pkcs11RootKey second = new Pkcs11RootKey(settings(hsm, "root-2"))) {
      assertThat(second.unwrap(wrappedByFirst, BINDING)).isEqualTo(KEK);
      byte[] wrappedBySecond = second.wrap(KEK, BINDING);
      assertThat(rootKey.unwrap(wrappedBySecond, BINDING)).as("the label travels in the authenticated header").isEqualTo(KEK);
    }
  }

  @Test
  void a_relabelled_header_is_tampering() {
    Pkcs11RootKey.generateKey(settings(hsm, "root-x"));
    byte[] wrapped = rootKey.wrap(KEK, BINDING);
    byte[] relabelled = wrapped.clone();
    relabelled[6 + "root-".length()] = 'x'; // "root-1" -> "root-x": the other key, and a header the tag does not cover

    assertThatThrownBy(() -> rootKey.unwrap(relabelled, BINDING)).isInstanceOf(Envelope.TamperedValue.class);
  }

  @Test
  void a_wrong_pin_a_missing_key_or_token_fail_at_start_without_the_pin_in_the_message() throws Exception {
    SoftHsm notLoggedIn = SoftHsm.newToken(); // a PKCS#11 login is per process: a token this JVM is logged in to accepts any PIN
    Path wrongPin = Files.createTempFile("pin", ".txt");
    Files.writeString(wrongPin, "not-the-pin-9f2c\n");
    Pkcs11Settings wrong = new Pkcs11Settings(SoftHsm.library(), Optional.empty(), Optional.of(notLoggedIn.tokenLabel()), "root-1", wrongPin,
        Duration.ofSeconds(2));

    assertThatThrownBy(() -> new Pkcs11RootKey(wrong)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot be used").satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-pin-9f2c").doesNotContain(SoftHsm.pin()));
    assertThatThrownBy(() -> new Pkcs11RootKey(settings(hsm, "no-such-key"))).hasMessageContaining("no key labelled 'no-such-key'");
    assertThatThrownBy(() -> new Pkcs11RootKey(new Pkcs11Settings(SoftHsm.library(), Optional.empty(), Optional.of("no-such-token"), "root-1",
        hsm.pinFile(), Duration.ofSeconds(2)))).hasMessageContaining("no initialised PKCS#11 token is labelled 'no-such-token'");
  }

  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
  void an_unavailable_token_is_a_dependency_outage_never_tampering() throws Exception {
    byte[] wrapped = rootKey.wrap(KEK, BINDING);
    hsm.makeUnavailable();
    try {
      long start = System.nanoTime();
      assertThatThrownBy(() -> rootKey.unwrap(wrapped, BINDING)).isInstanceOf(DependencyUnavailable.class)
          .hasMessageContaining("root key (pkcs11) is unavailable");
      assertThatThrownBy(() -> rootKey.wrap(KEK, BINDING)).isInstanceOf(DependencyUnavailable.class);
      assertThatThrownBy(rootKey::check).isInstanceOf(DependencyUnavailable.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("bounded by the operation timeout").isLessThan(Duration.ofSeconds(7));
    } finally {
      hsm.restore();
    }
  }
}
