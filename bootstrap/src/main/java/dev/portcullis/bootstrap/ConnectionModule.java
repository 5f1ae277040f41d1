package dev.portcullis.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.portcullis.adapter.crypto.JoseAssertionSigner;
import dev.portcullis.adapter.crypto.JoseIdTokenVerifier;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.connection.ConnectionRoutes;
import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.connection.ConnectSettings;
import dev.portcullis.application.connection.ConnectionsService;
import dev.portcullis.application.connection.ProviderAccess;
import dev.portcullis.application.connection.ProvidersService;
import dev.portcullis.application.connection.port.in.ManageConnections;
import dev.portcullis.application.connection.port.in.ManageProviders;
import dev.portcullis.application.connection.port.out.AssertionSigner;
import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.shared.port.out.IdTokenVerifier;
import dev.portcullis.application.connection.port.out.ProviderOAuth;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.secret.port.out.Envelope;
import dev.portcullis.application.shared.port.out.Suspension;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.bootstrap.config.ConnectionSettings;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;

/** The outbound token vault: providers, connections, how providers are reached. Installed in every mode. */
final class ConnectionModule extends AbstractModule {
  static final int MAX_PENDING = 10_000;
  private final ConnectionSettings settings;
  private final String issuer;

  ConnectionModule(ConnectionSettings settings, String issuer) {
    this.settings = settings;
    this.issuer = issuer;
  }

  @Override
  protected void configure() {
    bind(AssertionSigner.class).to(JoseAssertionSigner.class).in(Singleton.class);
    bind(IdTokenVerifier.class).to(JoseIdTokenVerifier.class).in(Singleton.class);
    Multibinder.newSetBinder(binder(), RouteContributor.class).addBinding().to(ConnectionRoutes.class);
  }

  @Provides
  @Singleton
  ConnectSettings connectSettings() {
    return new ConnectSettings(URI.create(issuer + ConnectionRoutes.CALLBACK), settings.refreshBuffer(), Duration.ofMinutes(10), MAX_PENDING);
  }

  @Provides
  @Singleton
  ProviderAccess providerAccess(ProviderOAuth oauth, AssertionSigner signer, Envelope envelope, TokenGenerator random, InstantSource clock,
                          dev.portcullis.application.shared.port.out.EgressPolicy egress) {
    return new ProviderAccess(oauth, signer, envelope, random, clock, Duration.ofHours(1), egress);
  }

  @Provides
  @Singleton
  ManageProviders manageProviders(ProviderStore store, ConnectionStore connections, dev.portcullis.application.shared.port.out.Transactions transactions,
                                  ProviderAccess oauth, AssertionSigner signer, Envelope envelope, TokenGenerator random, Auditor auditor, InstantSource clock) {
    return new ProvidersService(store, connections, transactions, oauth, signer, envelope, random, auditor, clock);
  }

  @Provides
  @Singleton
  dev.portcullis.application.connection.BindSealedValuesToTenants bindSealedValuesToTenants(ProviderStore providers, ConnectionStore connections,
      Envelope envelope, dev.portcullis.application.shared.port.out.DataMigrations migrations) {
    return new dev.portcullis.application.connection.BindSealedValuesToTenants(providers, connections, envelope, migrations);
  }

  @Provides
  @Singleton
  ConnectionsService connections(ProviderStore providers, ConnectionStore store, ProviderAccess oauth, IdTokenVerifier idTokens, Envelope envelope,
                                 TokenGenerator random, Auditor auditor, InstantSource clock, Suspension suspension, ConnectSettings connectSettings) {
    return new ConnectionsService(providers, store, oauth, idTokens, envelope, random, auditor, clock, suspension, connectSettings);
  }

  @Provides
  @Singleton
  ManageConnections manageConnections(ConnectionsService service) {
    return service;
  }
}
