package dev.portcullis.embedded.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.portcullis.adapter.crypto.JoseAssertionSigner;
import dev.portcullis.adapter.crypto.JoseIdTokenVerifier;
import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.connection.BindSealedValuesToTenants;
import dev.portcullis.application.connection.CompleteConnectionCallbackService;
import dev.portcullis.application.connection.ConnectSettings;
import dev.portcullis.application.connection.ConnectWithoutBrowserService;
import dev.portcullis.application.connection.ConnectionQueries;
import dev.portcullis.application.connection.DeleteConnectionService;
import dev.portcullis.application.connection.IssueConnectionTokenService;
import dev.portcullis.application.connection.PollDeviceAuthorizationsService;
import dev.portcullis.application.connection.ProviderAccess;
import dev.portcullis.application.connection.ProvidersService;
import dev.portcullis.application.connection.ReadConnectionUserinfoService;
import dev.portcullis.application.connection.StartConnectionService;
import dev.portcullis.application.connection.port.in.CompleteConnectionCallback;
import dev.portcullis.application.connection.port.in.ConnectWithoutBrowser;
import dev.portcullis.application.connection.port.in.DeleteConnection;
import dev.portcullis.application.connection.port.in.DeleteProvider;
import dev.portcullis.application.connection.port.in.GetConnection;
import dev.portcullis.application.connection.port.in.GetProvider;
import dev.portcullis.application.connection.port.in.IssueConnectionToken;
import dev.portcullis.application.connection.port.in.ListConnections;
import dev.portcullis.application.connection.port.in.ListProviders;
import dev.portcullis.application.connection.port.in.PollDeviceAuthorizations;
import dev.portcullis.application.connection.port.in.ReadConnectionUserinfo;
import dev.portcullis.application.connection.port.in.RefreshConnectionToken;
import dev.portcullis.application.connection.port.in.RegisterProvider;
import dev.portcullis.application.connection.port.in.StartConnection;
import dev.portcullis.application.connection.port.in.UpdateProvider;
import dev.portcullis.application.connection.port.out.AssertionSigner;
import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.connection.port.out.ProviderOAuth;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.shared.port.out.DataMigrations;
import dev.portcullis.application.shared.port.out.Decisions;
import dev.portcullis.application.shared.port.out.EgressPolicy;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.port.out.IdTokenVerifier;
import dev.portcullis.application.shared.port.out.Suspension;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.application.shared.port.out.Transactions;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The outbound token vault's use cases: providers, connections, a valid access token with refresh
 * ahead of expiry under single flight. The one place they are wired, for the service (bootstrap adds
 * the routes and the device-flow poller) and for {@link dev.portcullis.embedded.EmbeddedVaults}.
 * Needs {@code ProviderStore}, {@code ConnectionStore}, {@code ProviderOAuth}, {@code EgressPolicy},
 * {@code Envelope}, {@code TokenGenerator}, {@code Transactions}, {@code Suspension}, {@code Decisions},
 * {@code DataMigrations}, an {@code Auditor} and {@code InstantSource} bound. Internal: not part of the embedding API.
 */
public final class TokenVaultModule extends AbstractModule {
  /** How long discovered provider metadata is trusted before it is fetched again. */
  private static final Duration METADATA_TTL = Duration.ofHours(1);
  private final ConnectSettings settings;

  public TokenVaultModule(ConnectSettings settings) {
    this.settings = settings;
  }

  @Override
  protected void configure() {
    bind(ConnectSettings.class).toInstance(settings);
    bind(AssertionSigner.class).to(JoseAssertionSigner.class).in(Singleton.class);
    bind(IdTokenVerifier.class).to(JoseIdTokenVerifier.class).in(Singleton.class);
    // one class for the provider aggregate's five use cases: they share its validation (ProviderDefinitions) and the move rule
    bind(RegisterProvider.class).to(ProvidersService.class);
    bind(ListProviders.class).to(ProvidersService.class);
    bind(GetProvider.class).to(ProvidersService.class);
    bind(UpdateProvider.class).to(ProvidersService.class);
    bind(DeleteProvider.class).to(ProvidersService.class);
    // one class for a token and a forced new one: the same rule, single flight and lease
    bind(IssueConnectionToken.class).to(IssueConnectionTokenService.class);
    bind(RefreshConnectionToken.class).to(IssueConnectionTokenService.class);
    bind(ListConnections.class).to(ConnectionQueries.class);
    bind(GetConnection.class).to(ConnectionQueries.class);
  }

  @Provides
  @Singleton
  ProviderAccess providerAccess(ProviderOAuth oauth, AssertionSigner signer, Envelope envelope, TokenGenerator random, InstantSource clock,
                                EgressPolicy egress, Decisions decisions) {
    return new ProviderAccess(oauth, signer, envelope, random, clock, METADATA_TTL, egress, decisions);
  }

  @Provides
  @Singleton
  ProvidersService providers(ProviderStore store, ConnectionStore connections, Transactions transactions, ProviderAccess oauth,
                             AssertionSigner signer, Envelope envelope, TokenGenerator random, Auditor auditor, InstantSource clock) {
    return new ProvidersService(store, connections, transactions, oauth, signer, envelope, random, auditor, clock);
  }

  @Provides
  @Singleton
  BindSealedValuesToTenants bindSealedValuesToTenants(ProviderStore providers, ConnectionStore connections, Envelope envelope,
                                                      DataMigrations migrations) {
    return new BindSealedValuesToTenants(providers, connections, envelope, migrations);
  }

  @Provides
  @Singleton
  StartConnection startConnection(ProviderStore providers, ConnectionStore store, ProviderAccess oauth, Envelope envelope, TokenGenerator random,
                                  Auditor auditor, InstantSource clock) {
    return new StartConnectionService(providers, store, oauth, envelope, random, auditor, clock, settings);
  }

  @Provides
  @Singleton
  CompleteConnectionCallback completeConnectionCallback(ProviderStore providers, ConnectionStore store, ProviderAccess oauth, IdTokenVerifier idTokens,
                                                        Envelope envelope, TokenGenerator random, Auditor auditor, InstantSource clock) {
    return new CompleteConnectionCallbackService(providers, store, oauth, idTokens, envelope, random, auditor, clock, settings);
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
  IssueConnectionTokenService connectionTokens(ProviderStore providers, ConnectionStore store, ProviderAccess oauth, Envelope envelope, Auditor auditor,
                                               InstantSource clock, Suspension suspension) {
    return new IssueConnectionTokenService(providers, store, oauth, envelope, auditor, clock, suspension, settings);
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
