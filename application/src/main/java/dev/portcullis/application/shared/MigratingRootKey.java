package dev.portcullis.application.shared;

import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.port.out.RootKey;
import java.util.List;

/**
 * A root key on the move between providers (environment to HSM and back): wraps with the configured
 * one, unwraps with whichever wrote the value. The root-key rotation re-wraps every KEK with the
 * configured provider; once it has, the previous provider can be removed from the configuration.
 */
public final class MigratingRootKey implements RootKey {
  private final RootKey current;
  private final List<RootKey> previous;

  public MigratingRootKey(RootKey current, List<RootKey> previous) {
    this.current = current;
    this.previous = List.copyOf(previous);
  }

  /** {@code current} alone when there is nothing to migrate from. */
  public static RootKey of(RootKey current, List<RootKey> previous) {
    return previous.isEmpty() ? current : new MigratingRootKey(current, previous);
  }

  @Override
  public String provider() {
    return current.provider();
  }

  public List<String> previousProviders() {
    return previous.stream().map(RootKey::provider).toList();
  }

  @Override
  public byte[] wrap(byte[] key, byte[] binding) {
    return current.wrap(key, binding);
  }

  @Override
  public byte[] unwrap(byte[] wrapped, byte[] binding) {
    return writerOf(wrapped).unwrap(wrapped, binding);
  }

  @Override
  public boolean wrote(byte[] wrapped) {
    return current.wrote(wrapped) || previous.stream().anyMatch(p -> p.wrote(wrapped));
  }

  /** Which provider wrapped {@code wrapped}: {@code current} first, so a value both could claim goes to the configured one. */
  public String providerOf(byte[] wrapped) {
    return writerOf(wrapped).provider();
  }

  @Override
  public void check() {
    current.check();
  }

  @Override
  public void close() {
    current.close();
    previous.forEach(RootKey::close);
  }

  private RootKey writerOf(byte[] wrapped) {
    if (current.wrote(wrapped)) {
      return current;
    }
    return previous.stream().filter(p -> p.wrote(wrapped)).findFirst()
        .orElseThrow(() -> new Envelope.TamperedValue("a KEK is wrapped in a format no configured root-key provider wrote"));
  }
}
