package dev.portcullis.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.portcullis.adapter.crypto.JcaMessageAuthentication;
import dev.portcullis.adapter.http.apikey.ForwardAuthRoutes;
import dev.portcullis.adapter.webclient.EgressRules;
import dev.portcullis.adapter.webclient.WebClientKeyResolver;
import dev.portcullis.adapter.webclient.WebClientModule;
import dev.portcullis.application.apikey.ApiKeyVerifier;
import dev.portcullis.application.apikey.ApiKeysService;
import dev.portcullis.application.apikey.ForwardAuthService;
import dev.portcullis.application.apikey.KeyChecksums;
import dev.portcullis.application.apikey.LastUsed;
import dev.portcullis.application.apikey.StoreApiKeyResolver;
import dev.portcullis.application.apikey.port.in.ExchangeApiKey;
import dev.portcullis.application.apikey.port.in.ForwardAuth;
import dev.portcullis.application.apikey.port.in.CreateApiKey;
import dev.portcullis.application.apikey.port.in.GetApiKey;
import dev.portcullis.application.apikey.port.in.ListApiKeys;
import dev.portcullis.application.apikey.port.in.RevokeApiKey;
import dev.portcullis.application.apikey.port.in.RotateApiKey;
import dev.portcullis.application.apikey.port.in.UpdateApiKey;
import dev.portcullis.application.apikey.port.out.ApiKeyResolver;
import dev.portcullis.application.apikey.port.out.ApiKeyStore;
import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.application.key.SigningKeySettings;
import dev.portcullis.application.key.SigningKeysService;
import dev.portcullis.application.key.port.in.ListSigningKeys;
import dev.portcullis.application.key.port.in.PublishSigningKeys;
import dev.portcullis.application.key.port.in.RotateSigningKey;
import dev.portcullis.application.key.port.out.JwsKeys;
import dev.portcullis.application.key.port.out.SigningKeyStore;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.shared.InvalidationFeed;
import dev.portcullis.application.shared.Revocations;
import dev.portcullis.application.shared.port.out.Suspension;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.application.shared.port.out.Transactions;
import dev.portcullis.bootstrap.config.ApiKeySettings;
import dev.portcullis.bootstrap.config.PortcullisConfig;
import io.vertx.core.Vertx;
import jakarta.inject.Named;
import java.time.InstantSource;

/** Keys: API keys (management, verification, forward auth and exchange) and the platform's signing keys. */
final class KeysModule extends AbstractModule {
  private final PortcullisConfig config;

  KeysModule(PortcullisConfig config) {
    this.config = config;
  }

  @Provides
  @Named(ForwardAuthRoutes.HEADER_NAME)
  String apiKeyHeader() {
    return config.apiKeys().header();
  }

  @Provides
  @Singleton
  KeyChecksums keyChecksums(SecretStore secrets, Envelope envelope, TokenGenerator random, InstantSource clock) {
    return new KeyChecksums(secrets, envelope, random, clock, new JcaMessageAuthentication());
  }

  @Provides
  @Singleton
  LastUsed lastUsed(ApiKeyStore store) {
    return new LastUsed(store);
  }

  /** The operator's remote resolver when configured (trusted as configured, with its own deadline), else the store. */
  @Provides
  @Singleton
  ApiKeyResolver apiKeyResolver(ApiKeyStore store, InstantSource clock, Vertx vertx, EgressRules rules, KeyChecksums checksums) {
    return config.apiKeys().resolver()
        .<ApiKeyResolver>map(remote -> new WebClientKeyResolver(WebClientModule.outbound(vertx, rules, remote.timeout()), remote.url(), remote.sharedSecret()))
        .orElseGet(() -> new StoreApiKeyResolver(store, clock, checksums));
  }

  @Provides
  @Singleton
  ApiKeyVerifier apiKeyVerifier(ApiKeyResolver resolver, InvalidationFeed invalidations, InstantSource clock, LastUsed lastUsed, Suspension suspension,
                                dev.portcullis.application.shared.port.out.Decisions decisions) {
    ApiKeySettings settings = config.apiKeys();
    return new ApiKeyVerifier(resolver, invalidations, clock,
        new ApiKeyVerifier.Settings(settings.prefix(), settings.positiveTtl(), settings.negativeTtl(), settings.cacheSize()), lastUsed, suspension,
        decisions);
  }

  @Provides
  @Singleton
  ForwardAuthService forwardAuth(ApiKeyVerifier verifier, AccessTokens accessTokens) {
    return new ForwardAuthService(verifier, accessTokens, config.apiKeys().forwardTokenLifetime());
  }

  @Override
  protected void configure() {
    // one class for the API key aggregate's six use cases: they share its invariants (the delegation rule, the id format, the tenant check)
    bind(CreateApiKey.class).to(ApiKeysService.class);
    bind(ListApiKeys.class).to(ApiKeysService.class);
    bind(GetApiKey.class).to(ApiKeysService.class);
    bind(UpdateApiKey.class).to(ApiKeysService.class);
    bind(RevokeApiKey.class).to(ApiKeysService.class);
    bind(RotateApiKey.class).to(ApiKeysService.class);
    bind(ForwardAuth.class).to(ForwardAuthService.class);
    bind(ExchangeApiKey.class).to(ForwardAuthService.class);
    bind(PublishSigningKeys.class).to(SigningKeysService.class);
    bind(RotateSigningKey.class).to(SigningKeysService.class);
    bind(ListSigningKeys.class).to(SigningKeysService.class);
  }

  @Provides
  @Singleton
  ApiKeysService apiKeys(ApiKeyStore store, TokenGenerator random, InvalidationFeed invalidations, Revocations revocations, Transactions transactions,
                              Auditor auditor, InstantSource clock, KeyChecksums checksums) {
    ApiKeySettings settings = config.apiKeys();
    return new ApiKeysService(store, random, invalidations, revocations, transactions, auditor, clock, settings.prefix(), settings.rotationGrace(),
        settings.forwardTokenLifetime(), checksums);
  }

  @Provides
  @Singleton
  SigningKeysService signingKeys(SigningKeyStore store, JwsKeys jws, SecretStore secrets, Envelope envelope, Auditor auditor, InstantSource clock) {
    return new SigningKeysService(store, jws, secrets, envelope, auditor, clock,
        new SigningKeySettings(config.signingAlgorithm(), config.signingKeyOverlap(), config.tokenMaxLifetime()));
  }
}
