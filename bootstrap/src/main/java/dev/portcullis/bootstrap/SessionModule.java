package dev.portcullis.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.session.SessionRoutes;
import dev.portcullis.adapter.webclient.EgressRules;
import dev.portcullis.adapter.webclient.OidcUpstreamProvider;
import dev.portcullis.adapter.webclient.WebClientModule;
import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.application.grant.CachingClientStore;
import dev.portcullis.application.grant.TokenStatusService;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.session.BrokerSettings;
import dev.portcullis.application.session.CompleteBrowserLoginService;
import dev.portcullis.application.session.LogoutService;
import dev.portcullis.application.session.RedeemSessionCodeService;
import dev.portcullis.application.session.RefreshSessionService;
import dev.portcullis.application.session.RevokeSessionTokens;
import dev.portcullis.application.session.SessionAdministration;
import dev.portcullis.application.session.StartBrowserLoginService;
import dev.portcullis.application.session.port.in.CompleteBrowserLogin;
import dev.portcullis.application.session.port.in.CompleteLogout;
import dev.portcullis.application.session.port.in.EndSession;
import dev.portcullis.application.session.port.in.ListSessions;
import dev.portcullis.application.session.port.in.RedeemSessionCode;
import dev.portcullis.application.session.port.in.RefreshSession;
import dev.portcullis.application.session.port.in.StartBrowserLogin;
import dev.portcullis.application.session.port.in.StartLogout;
import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.shared.port.out.Suspension;
import dev.portcullis.application.session.port.out.SessionStore;
import dev.portcullis.application.session.port.out.UpstreamProvider;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.bootstrap.config.SessionSettings;
import dev.portcullis.bootstrap.config.Upstream;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;

/** The BFF session broker, installed only when the upstream provider is configured (else its routes do not exist). */
final class SessionModule extends AbstractModule {
  static final int MAX_PENDING_LOGINS = 100_000;
  static final int MAX_OUTSTANDING_CODES = 100_000;
  private final Upstream upstream;
  private final SessionSettings settings;
  private final String issuer;

  SessionModule(Upstream upstream, SessionSettings settings, String issuer) {
    this.upstream = upstream;
    this.settings = settings;
    this.issuer = issuer;
  }

  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), UpstreamProvider.class).setBinding().to(OidcUpstreamProvider.class);
    OptionalBinder.newOptionalBinder(binder(), RedeemSessionCode.class).setBinding().to(RedeemSessionCodeService.class);
    OptionalBinder.newOptionalBinder(binder(), RefreshSession.class).setBinding().to(RefreshSessionService.class);
    bind(StartLogout.class).to(LogoutService.class);
    bind(CompleteLogout.class).to(LogoutService.class);
    bind(ListSessions.class).to(SessionAdministration.class);
    bind(EndSession.class).to(SessionAdministration.class);
    Multibinder.newSetBinder(binder(), TokenStatusService.RevocationExtension.class).addBinding().to(RevokeSessionTokens.class);
    Multibinder.newSetBinder(binder(), RouteContributor.class).addBinding().to(SessionRoutes.class);
    Multibinder.newSetBinder(binder(), RouteContributor.class).addBinding().to(dev.portcullis.adapter.http.session.UserinfoRoutes.class);
    if (settings.operatorRoles().enabled()) { // the console's "sign in with the identity provider"
      OptionalBinder.newOptionalBinder(binder(), dev.portcullis.application.session.port.in.StartOperatorSignIn.class).setBinding()
          .to(dev.portcullis.application.session.StartOperatorSignInService.class);
      OptionalBinder.newOptionalBinder(binder(), dev.portcullis.application.session.port.in.CompleteOperatorSignIn.class).setBinding()
          .to(dev.portcullis.application.session.CompleteOperatorSignInService.class);
    }
  }

  @Provides
  @Singleton
  dev.portcullis.application.session.StartOperatorSignInService startOperatorSignIn(UpstreamProvider provider, TokenGenerator random) {
    return new dev.portcullis.application.session.StartOperatorSignInService(provider, random);
  }

  @Provides
  @Singleton
  dev.portcullis.application.session.CompleteOperatorSignInService completeOperatorSignIn(UpstreamProvider provider, Auditor auditor) {
    return new dev.portcullis.application.session.CompleteOperatorSignInService(provider, settings.operatorRoles(), auditor);
  }

  @Provides
  @Singleton
  dev.portcullis.application.session.port.in.ReadUserinfo readUserinfo(dev.portcullis.application.grant.AccessTokens accessTokens) {
    return new dev.portcullis.application.session.ReadUserinfoService(accessTokens);
  }

  /** The upstream is the operator's: trusted as configured, with its own deadline ({@code PORTCULLIS_UPSTREAM_TIMEOUT_MS}). */
  @Provides
  @Singleton
  OidcUpstreamProvider upstreamProvider(io.vertx.core.Vertx vertx, EgressRules rules, dev.portcullis.application.shared.port.out.IdTokenVerifier idTokens) {
    return new OidcUpstreamProvider(upstream.issuer(), upstream.clientId(), upstream.clientSecret(), WebClientModule.outbound(vertx, rules, upstream.timeout()),
        InstantSource.system(), idTokens);
  }

  @Provides
  @Singleton
  BrokerSettings brokerSettings() {
    return new BrokerSettings(issuer, URI.create(issuer + SessionRoutes.CALLBACK), URI.create(issuer + SessionRoutes.LOGOUT_CALLBACK),
        upstream.scopes(), settings.identityClaims(),
        settings.accessTokenMaxLifetime(), settings.sessionLifetime(), settings.refreshGrace(), Duration.ofSeconds(60), MAX_PENDING_LOGINS,
        MAX_OUTSTANDING_CODES);
  }

  @Provides
  @Singleton
  StartBrowserLogin startBrowserLogin(CachingClientStore clients, UpstreamProvider provider, SessionStore store, TokenGenerator random, InstantSource clock,
                                      BrokerSettings brokerSettings) {
    return new StartBrowserLoginService(clients, provider, store, random, clock, brokerSettings);
  }

  @Provides
  @Singleton
  CompleteBrowserLogin completeBrowserLogin(CachingClientStore clients, UpstreamProvider provider, SessionStore store, Envelope envelope, TokenGenerator random,
                                            InstantSource clock, BrokerSettings brokerSettings, Auditor auditor) {
    return new CompleteBrowserLoginService(clients, provider, store, envelope, random, clock, brokerSettings, auditor);
  }

  @Provides
  @Singleton
  RedeemSessionCodeService redeemSessionCode(SessionStore store, AccessTokens accessTokens, Envelope envelope, UpstreamProvider provider,
                                             TokenGenerator random, InstantSource clock, BrokerSettings brokerSettings, Auditor auditor) {
    return new RedeemSessionCodeService(store, accessTokens, envelope, provider, random, clock, brokerSettings, auditor);
  }

  @Provides
  @Singleton
  RefreshSessionService refreshSession(SessionStore store, AccessTokens accessTokens, Envelope envelope, UpstreamProvider provider, TokenGenerator random,
                                       InstantSource clock, BrokerSettings brokerSettings, Suspension suspension, Auditor auditor,
                                       dev.portcullis.application.shared.port.out.Decisions decisions) {
    return new RefreshSessionService(store, accessTokens, envelope, provider, random, clock, brokerSettings, suspension, auditor, decisions);
  }

  @Provides
  @Singleton
  LogoutService logout(CachingClientStore clients, SessionStore store, AccessTokens accessTokens, Envelope envelope, UpstreamProvider provider,
                       InstantSource clock, BrokerSettings brokerSettings, Auditor auditor) {
    return new LogoutService(clients, store, accessTokens, envelope, provider, clock, brokerSettings, auditor);
  }

  @Provides
  @Singleton
  SessionAdministration sessionAdministration(SessionStore store, AccessTokens accessTokens, Envelope envelope, UpstreamProvider provider, InstantSource clock,
                                              BrokerSettings brokerSettings, Auditor auditor) {
    return new SessionAdministration(store, accessTokens, envelope, provider, clock, brokerSettings, auditor);
  }

  @Provides
  @Singleton
  RevokeSessionTokens revokeSessionTokens(SessionStore store, AccessTokens accessTokens, Envelope envelope, UpstreamProvider provider, InstantSource clock,
                                          BrokerSettings brokerSettings, Auditor auditor) {
    return new RevokeSessionTokens(store, accessTokens, envelope, provider, clock, brokerSettings, auditor);
  }
}
