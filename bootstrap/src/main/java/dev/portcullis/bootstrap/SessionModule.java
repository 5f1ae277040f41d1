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
import dev.portcullis.application.secret.port.out.Envelope;
import dev.portcullis.application.session.BrokerSettings;
import dev.portcullis.application.session.SessionBrokerService;
import dev.portcullis.application.session.port.in.ManageSessions;
import dev.portcullis.application.session.port.in.SessionBroker;
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
    OptionalBinder.newOptionalBinder(binder(), SessionBroker.class).setBinding().to(SessionBrokerService.class);
    bind(ManageSessions.class).to(SessionBrokerService.class);
    Multibinder.newSetBinder(binder(), TokenStatusService.RevocationExtension.class).addBinding().to(SessionBrokerService.class);
    Multibinder.newSetBinder(binder(), RouteContributor.class).addBinding().to(SessionRoutes.class);
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
  SessionBrokerService broker(UpstreamProvider provider, CachingClientStore clients, SessionStore store, Envelope envelope, AccessTokens accessTokens, TokenGenerator random,
                              InstantSource clock, dev.portcullis.application.shared.port.out.Suspension suspension,
                              dev.portcullis.application.audit.Auditor auditor) {
    BrokerSettings brokerSettings = new BrokerSettings(issuer, URI.create(issuer + SessionRoutes.CALLBACK), URI.create(issuer + SessionRoutes.LOGOUT_CALLBACK),
        upstream.scopes(), settings.identityClaims(),
        settings.accessTokenMaxLifetime(), settings.sessionLifetime(), settings.refreshGrace(), Duration.ofSeconds(60), MAX_PENDING_LOGINS,
        MAX_OUTSTANDING_CODES);
    return new SessionBrokerService(clients, provider, store, envelope, accessTokens, random, clock, brokerSettings, suspension, auditor);
  }
}
