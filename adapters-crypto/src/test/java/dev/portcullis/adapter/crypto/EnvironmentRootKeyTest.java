package dev.portcullis.adapter.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.shared.MigratingRootKey;
import dev.portcullis.application.shared.port.out.RootKey;
import dev.portcullis.application.shared.port.out.RootKeyContract;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentRootKeyTest implements RootKeyContract {
  private final RootKey rootKey = new EnvironmentRootKey(RootKeys.generate());

  @Override
  public RootKey rootKey() {
    return rootKey;
  }

  @Override
  public RootKey anotherRootKey() {
    return new EnvironmentRootKey(RootKeys.generate());
  }

  @Test
  void a_migrating_root_key_wraps_with_the_current_provider_and_unwraps_with_whichever_wrote() {
    RootKey hsm = new OtherFormat(anotherRootKey());
    byte[] wrappedByHsm = hsm.wrap(KEK, BINDING);
    MigratingRootKey migrating = new MigratingRootKey(rootKey, List.of(hsm));

    assertThat(rootKey.wrote(wrappedByHsm)).isFalse();
    assertThat(migrating.unwrap(wrappedByHsm, BINDING)).isEqualTo(KEK);
    assertThat(migrating.providerOf(wrappedByHsm)).isEqualTo("other");
    byte[] wrappedNow = migrating.wrap(KEK, BINDING);
    assertThat(migrating.providerOf(wrappedNow)).isEqualTo("environment");
    assertThat(hsm.wrote(wrappedNow)).isFalse();
  }

  @Test
  void a_value_no_configured_provider_wrote_is_tampering() {
    MigratingRootKey migrating = new MigratingRootKey(rootKey, List.of(new OtherFormat(anotherRootKey())));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> migrating.unwrap(new byte[] {0x7f, 1, 2, 3, 4, 5}, BINDING))
        .isInstanceOf(dev.portcullis.application.shared.port.out.Envelope.TamperedValue.class);
  }

  /** A provider with its own format (a leading {@code 'P'}), as the PKCS#11 adapter has. */
  private record OtherFormat(RootKey inner) implements RootKey {
    @Override
    public String provider() {
      return "other";
    }

    @Override
    public byte[] wrap(byte[] key, byte[] binding) {
      byte[] wrapped = inner.wrap(key, binding);
      byte[] out = new byte[wrapped.length + 1];
      out[0] = 'P';
      System.arraycopy(wrapped, 0, out, 1, wrapped.length);
      return out;
    }

    @Override
    public byte[] unwrap(byte[] wrapped, byte[] binding) {
      return inner.unwrap(java.util.Arrays.copyOfRange(wrapped, 1, wrapped.length), binding);
    }

    @Override
    public boolean wrote(byte[] wrapped) {
      return wrapped.length > 0 && wrapped[0] == 'P';
    }
  }
}
