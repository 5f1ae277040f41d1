package dev.portcullis.adapter.webclient;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.portcullis.application.connection.port.out.ProviderOAuth;
import dev.portcullis.application.grant.port.out.ClientJwksSource;
import dev.portcullis.application.shared.port.out.EgressPolicy;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Binds the ports Portcullis speaks HTTP to the outside world through, all over one {@link Outbound} and
 * one {@link EgressRules}: third-party providers ({@link ProviderOAuth}), clients' {@code jwks_uri}
 * ({@link ClientJwksSource}) and the egress policy itself. The operator-configured peers (the upstream
 * OpenID provider, the remote key resolver) are built by bootstrap with {@link #outbound}.
 */
public final class WebClientModule extends AbstractModule {
  public static final int MAX_ANSWER_BYTES = 256 * 1024;
  private final EgressRules rules;
  private final Duration timeout;

  /** @param timeout the deadline of one exchange with a provider or a client's jwks_uri ({@code PORTCULLIS_CONNECT_TIMEOUT_MS}) */
  public WebClientModule(EgressRules rules, Duration timeout) {
    this.rules = rules;
    this.timeout = timeout;
  }

  @Override
  protected void configure() {
    bind(EgressRules.class).toInstance(rules);
    bind(EgressPolicy.class).toInstance(rules);
  }

  /** An {@link Outbound} with its own deadline (the upstream's, the key resolver's), under the same rules. */
  public static Outbound outbound(Vertx vertx, EgressRules rules, Duration timeout) {
    return new Outbound(vertx, rules, new Outbound.Settings(timeout, MAX_ANSWER_BYTES, "Portcullis"));
  }

  @Provides
  @Singleton
  Outbound outbound(Vertx vertx) {
    return outbound(vertx, rules, timeout);
  }

  @Provides
  @Singleton
  ProviderOAuth providerOAuth(Outbound outbound) {
    return new WebClientProviderOAuth(outbound, rules);
  }

  @Provides
  @Singleton
  ClientJwksSource clientJwksSource(Outbound outbound) {
    return new WebClientJwksSource(outbound);
  }
}
