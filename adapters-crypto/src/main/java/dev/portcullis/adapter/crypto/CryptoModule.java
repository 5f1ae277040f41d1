package dev.portcullis.adapter.crypto;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.secret.port.out.KekStore;
import dev.portcullis.application.shared.port.out.RootKey;
import java.time.InstantSource;

/** Binds the ports Tink and jose4j implement. The root key is whichever {@link RootKey} adapter configuration chose; KEKs come from the KekStore. */
public final class CryptoModule extends AbstractModule {
  private final RootKey rootKey;
  private final java.time.Duration kekRingRefresh;

  public CryptoModule(RootKey rootKey, java.time.Duration kekRingRefresh) {
    this.rootKey = rootKey;
    this.kekRingRefresh = kekRingRefresh;
  }

  @Override
  protected void configure() {
    bind(RootKey.class).toInstance(rootKey);
    bind(dev.portcullis.application.key.port.out.JwsKeys.class).to(JoseJwsKeys.class);
    bind(dev.portcullis.application.grant.port.out.AccessTokenCodec.class).to(JoseAccessTokenCodec.class);
    bind(dev.portcullis.application.grant.port.out.ClientAssertions.class).to(JoseClientAssertions.class);
    bind(dev.portcullis.application.shared.port.out.TokenGenerator.class).to(SecureTokenGenerator.class).in(Singleton.class);
  }

  @Provides
  @Singleton
  Envelope envelope(KekStore keks, InstantSource clock) {
    return new TinkEnvelope(rootKey, keks, clock, kekRingRefresh);
  }
}
