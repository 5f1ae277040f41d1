package dev.portcullis.application.key.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.domain.key.SigningAlgorithm;
import dev.portcullis.domain.key.SigningKey;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public interface SigningKeyStoreContract {
  SigningKeyStore store();

  Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  default void keys_come_back_as_added_and_retire_sets_the_date_once() {
    String kid = "kid-" + System.nanoTime();
    store().add(new SigningKey(kid, SigningAlgorithm.ES256, "{\"kid\":\"" + kid + "\"}", T0, T0.plusSeconds(600), Optional.empty()));

    store().retire(kid, T0.plusSeconds(3600));
    store().retire(kid, T0.plusSeconds(9999)); // already retired: unchanged

    SigningKey stored = store().all().stream().filter(k -> k.kid().equals(kid)).findFirst().orElseThrow();
    assertThat(stored).isEqualTo(new SigningKey(kid, SigningAlgorithm.ES256, "{\"kid\":\"" + kid + "\"}", T0, T0.plusSeconds(600), Optional.of(T0.plusSeconds(3600))));
  }
}
