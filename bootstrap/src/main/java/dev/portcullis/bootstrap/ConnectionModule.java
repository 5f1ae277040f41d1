package dev.portcullis.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.portcullis.adapter.http.RouteContributor;
import dev.portcullis.adapter.http.connection.ConnectionRoutes;
import dev.portcullis.application.connection.ConnectSettings;
import dev.portcullis.bootstrap.config.ConnectionSettings;
import dev.portcullis.embedded.internal.TokenVaultModule;
import java.net.URI;
import java.time.Duration;

/**
 * The outbound token vault: providers, connections, how providers are reached. Installed in every mode.
 * The use cases come from {@link TokenVaultModule} (embedded-vaults), which a product also uses in-process;
 * the service adds the routes, with this deployment's callback URL.
 */
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
    install(new TokenVaultModule(new ConnectSettings(URI.create(issuer + ConnectionRoutes.CALLBACK), settings.refreshBuffer(), Duration.ofMinutes(10),
        MAX_PENDING)));
    Multibinder.newSetBinder(binder(), RouteContributor.class).addBinding().to(ConnectionRoutes.class);
  }
}
