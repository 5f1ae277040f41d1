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
import dev.portcullis.application.connection.CompleteConnectionCallbackService;
import dev.portcullis.application.connection.ConnectWithoutBrowserService;
import dev.portcullis.application.connection.ConnectionQueries;
import dev.portcullis.application.connection.DeleteConnectionService;
import dev.portcullis.application.connection.IssueConnectionTokenService;
import dev.portcullis.application.connection.ReadConnectionUserinfoService;
import dev.portcullis.application.connection.port.in.ReadConnectionUserinfo;
import dev.portcullis.application.connection.PollDeviceAuthorizationsService;
import dev.portcullis.application.connection.StartConnectionService;
import dev.portcullis.application.connection.port.in.CompleteConnectionCallback;
import dev.portcullis.application.connection.port.in.ConnectWithoutBrowser;
import dev.portcullis.application.connection.port.in.DeleteConnection;
import dev.portcullis.application.connection.port.in.GetConnection;
import dev.portcullis.application.connection.port.in.IssueConnectionToken;
import dev.portcullis.application.connection.port.in.RefreshConnectionToken;
import dev.portcullis.application.connection.port.in.ListConnections;
import dev.portcullis.application.connection.port.in.PollDeviceAuthorizations;
import dev.portcullis.application.connection.port.in.StartConnection;
import dev.portcullis.application.connection.ProviderAccess;
import dev.portcullis.application.connection.ProvidersService;
import dev.portcullis.application.connection.port.in.DeleteProvider;
import dev.portcullis.application.connection.port.in.GetProvider;
import dev.portcullis.application.connection.port.in.ListProviders;
import dev.portcullis.application.connection.port.in.RegisterProvider;
import dev.portcullis.application.connection.port.in.UpdateProvider;
import dev.portcullis.application.connection.port.out.AssertionSigner;
import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.shared.port.out.IdTokenVerifier;
import dev.portcullis.application.connection.port.out.ProviderOAuth;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.shared.port.out.Envelope;
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
    // one class for the provider aggregate's five use cases: they share its validation (ProviderDefinitions) and the move rule
    bind(RegisterProvider.class).to(ProvidersService.class);
    bind(ListProviders.class).to(ProvidersService.class);
    bind(GetProvider.class).to(ProvidersService.class);
    bind(UpdateProvider.class).to(ProvidersService.class);
    bind(DeleteProvider.class).to(ProvidersService.class);
    // one class for a token and a forced new one: the same rule, single flight and lease
    bind(IssueConnectionToken.class).to(IssueConnectionTokenService.class);
    bind(RefreshConnectionToken.class).to(IssueConnectionTokenService.class);
  }

  @Provides
  @Singleton
  ConnectSettings connectSettings() {
    return new ConnectSettings(URI.create(issuer + ConnectionRoutes.CALLBACK), settings.refreshBuffer(), Duration.ofMinutes(10), MAX_PENDING);
  }

  @Provides
  @Singleton
  ProviderAccess providerAccess(ProviderOAuth oauth, AssertionSigner signer, Envelope envelope, TokenGenerator random, InstantSource clock,
                          dev.portcullis.application.shared.port.out.EgressPolicy egress, dev.portcullis.application.shared.port.out.Decisions decisions) {
    return new ProviderAccess(oauth, signer, envelope, random, clock, Duration.ofHours(1), egress, decisions);
  }

  @Provides
  @Singleton
  ProvidersService providers(ProviderStore store, ConnectionStore connections, dev.portcullis.application.shared.port.out.Transactions transactions,
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
  StartConnection startConnection(ProviderStore providers, ConnectionStore store, ProviderAccess oauth, Envelope envelope, TokenGenerator random,
                                  Auditor auditor, InstantSource clock, ConnectSettings connectSettings) {
    return new StartConnectionService(providers, store, oauth, envelope, random, auditor, clock, connectSettings);
  }

  @Provides
  @Singleton
  CompleteConnectionCallback completeConnectionCallback(ProviderStore providers, ConnectionStore store, ProviderAccess oauth, IdTokenVerifier idTokens,
                                                        Envelope envelope, TokenGenerator random, Auditor auditor, InstantSource clock,
                                                        ConnectSettings connectSettings) {
    return new CompleteConnectionCallbackService(providers, store, oauth, idTokens, envelope, random, auditor, clock, connectSettings);
  }

  @Provides
  @Singleton
  ConnectWithoutBrowser connectWithoutBrowser(ProviderStore providers, ConnectionStore store, ProviderAccess oauth, Envelope envelope,
                                              TokenGenerator random, Auditor auditor, InstantSource clock) {
    return new ConnectWithoutBrowserService(providers, store, oauth, envelope, random, auditor, clock);
  }

  @Provides
  @Singleton
  PollDeviceAuthorizations pollDeviceAuthorizations(ProviderStore providers, ConnectionStore store, ProviderAccess oauth, Envelope envelope,
                                                    Auditor auditor, InstantSource clock) {
    return new PollDeviceAuthorizationsService(providers, store, oauth, envelope, auditor, clock);
  }

  @Provides
  @Singleton
  ConnectionQueries connectionQueries(ProviderStore providers, ConnectionStore store, Auditor auditor) {
    return new ConnectionQueries(providers, store, auditor);
  }

  @Provides
  @Singleton
  ListConnections listConnections(ConnectionQueries queries) {
    return queries;
  }

  @Provides
  @Singleton
  GetConnection getConnection(ConnectionQueries queries) {
    return queries;
  }

  @Provides
  @Singleton
  IssueConnectionTokenService connectionTokens(ProviderStore providers, ConnectionStore store, ProviderAccess oauth, Envelope envelope, Auditor auditor,
                                               InstantSource clock, Suspension suspension, ConnectSettings connectSettings) {
    return new IssueConnectionTokenService(providers, store, oauth, envelope, auditor, clock, suspension, connectSettings);
  }

  @Provides
  @Singleton
  ReadConnectionUserinfo connectionUserinfo(IssueConnectionTokenService tokens, ProviderStore providers, ConnectionStore store, ProviderAccess oauth,
                                            Auditor auditor) {
    return new ReadConnectionUserinfoService(tokens, tokens, providers, store, oauth, auditor);
  }

  @Provides
  @Singleton
  DeleteConnection deleteConnection(ProviderStore providers, ConnectionStore store, ProviderAccess oauth, Envelope envelope, Auditor auditor) {
    return new DeleteConnectionService(providers, store, oauth, envelope, auditor);
  }
}
