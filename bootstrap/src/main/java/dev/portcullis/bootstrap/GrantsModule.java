package dev.portcullis.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.portcullis.application.apikey.port.in.ExchangeApiKey;
import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.application.grant.CachingClientStore;
import dev.portcullis.application.grant.ClientAuthenticator;
import dev.portcullis.application.grant.ClientCredentialsService;
import dev.portcullis.application.grant.ClientOriginsService;
import dev.portcullis.application.grant.IssuedTokens;
import dev.portcullis.application.grant.ClientRegistrationService;
import dev.portcullis.application.grant.TokenStatusService;
import dev.portcullis.application.grant.port.in.ClientOrigins;
import dev.portcullis.application.grant.port.in.DeleteClientRegistration;
import dev.portcullis.application.grant.port.in.ReadClientRegistration;
import dev.portcullis.application.grant.port.in.RegisterClient;
import dev.portcullis.application.grant.port.in.UpdateClientRegistration;
import dev.portcullis.application.grant.ClientCredentialsGrant;
import dev.portcullis.application.grant.port.in.IntrospectToken;
import dev.portcullis.application.grant.port.in.RevokeToken;
import dev.portcullis.application.grant.port.out.AccessTokenCodec;
import dev.portcullis.application.grant.port.out.ClientAssertions;
import dev.portcullis.application.grant.port.out.ClientJwksSource;
import dev.portcullis.application.grant.port.out.ClientStore;
import dev.portcullis.application.grant.port.out.ReplayGuard;
import dev.portcullis.application.key.SigningKeysService;
import dev.portcullis.application.session.port.in.RedeemSessionCode;
import dev.portcullis.application.session.port.in.RefreshSession;
import dev.portcullis.application.shared.InvalidationFeed;
import dev.portcullis.application.shared.Revocations;
import dev.portcullis.application.shared.port.out.EgressPolicy;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.application.shared.port.out.Transactions;
import dev.portcullis.application.token.IssueTokenService;
import dev.portcullis.application.token.port.in.IssueToken;
import dev.portcullis.bootstrap.config.PortcullisConfig;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The OAuth 2.0 authorization server: clients and their registration, client authentication, tokens, introspection and revocation. */
final class GrantsModule extends AbstractModule {
  private static final int CLIENT_CACHE_SIZE = 10_000;
  private final PortcullisConfig config;
  private final String issuer;

  GrantsModule(PortcullisConfig config, String issuer) {
    this.config = config;
    this.issuer = issuer;
  }

  @Override
  protected void configure() {
    bind(RegisterClient.class).to(ClientRegistrationService.class);
    bind(ReadClientRegistration.class).to(ClientRegistrationService.class);
    bind(UpdateClientRegistration.class).to(ClientRegistrationService.class);
    bind(DeleteClientRegistration.class).to(ClientRegistrationService.class);
    bind(IntrospectToken.class).to(TokenStatusService.class);
    bind(RevokeToken.class).to(TokenStatusService.class);
  }

  @Provides
  @Singleton
  AccessTokens accessTokens(SigningKeysService signingKeys, AccessTokenCodec codec, TokenGenerator tokens, Revocations revocations, InstantSource clock) {
    return new AccessTokens(signingKeys, codec, tokens, revocations, clock, issuer, config.apiKeys().downstreamAudience(), config.accessTokenLifetime(),
        config.signingAlgorithm(), AccessTokens.DEFAULT_CACHE_SIZE);
  }

  @Provides
  @Singleton
  dev.portcullis.application.grant.port.in.ListClients listClients(CachingClientStore clients) {
    return new dev.portcullis.application.grant.ListClientsService(clients);
  }

  @Provides
  @Singleton
  CachingClientStore cachingClientStore(ClientStore store, InvalidationFeed invalidations, InstantSource clock) {
    return new CachingClientStore(store, invalidations, clock, CLIENT_CACHE_SIZE);
  }

  @Provides
  @Singleton
  ClientAuthenticator clientAuthenticator(CachingClientStore clients, ClientAssertions assertions, ClientJwksSource jwksSource, ReplayGuard replayGuard,
                                          InstantSource clock, Auditor auditor) {
    return new ClientAuthenticator(clients, assertions, jwksSource, replayGuard, clock, issuer, auditor);
  }

  @Provides
  @Singleton
  IssuedTokens issuedTokens(Auditor auditor, InstantSource clock) {
    return new IssuedTokens(auditor, clock);
  }

  @Provides
  @Singleton
  ClientCredentialsGrant tokenEndpoint(ClientAuthenticator authenticator, AccessTokens accessTokens, IssuedTokens issued) {
    return new ClientCredentialsService(authenticator, accessTokens, issued);
  }

  @Provides
  @Singleton
  TokenStatusService tokenStatus(ClientAuthenticator authenticator, AccessTokens accessTokens, Set<TokenStatusService.RevocationExtension> extensions,
                          Auditor auditor, Transactions transactions) {
    return new TokenStatusService(authenticator, accessTokens, List.copyOf(extensions), auditor, transactions);
  }

  /** The token endpoint as one use case: which grant runs (the session grants only with a broker, which SessionModule binds). */
  @Provides
  @Singleton
  IssueToken issueToken(ClientCredentialsGrant clients, ExchangeApiKey keys, Optional<RedeemSessionCode> redeemCode, Optional<RefreshSession> refreshSession,
                        dev.portcullis.application.shared.port.out.Decisions decisions, InstantSource clock) {
    return new IssueTokenService(clients, keys, redeemCode, refreshSession, decisions, clock);
  }

  @Provides
  @Singleton
  ClientOrigins clientOrigins(CachingClientStore clients, InstantSource clock) {
    return new ClientOriginsService(clients, clock);
  }

  @Provides
  @Singleton
  ClientRegistrationService clientRegistration(CachingClientStore clients, TokenGenerator tokens, Revocations revocations, Transactions transactions,
                                  InstantSource clock, EgressPolicy egress, Auditor auditor) {
    return new ClientRegistrationService(clients, tokens, revocations, transactions, clock, config.tokenMaxLifetime(), egress, auditor);
  }
}
