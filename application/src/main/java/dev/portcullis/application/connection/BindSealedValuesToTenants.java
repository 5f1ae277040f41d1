package dev.portcullis.application.connection;

import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.port.out.DataMigrations;
import dev.portcullis.domain.connection.AssertionKey;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.shared.SealedValue;
import java.util.List;
import java.util.Optional;

/**
 * The one-time re-seal that binds every stored provider secret, assertion key, connection token set and
 * device code to its tenant as well as its row ({@link Provider#binding}, {@link Connection#binding}).
 * Values sealed before (row-only binding) are opened once with that binding and sealed again; then the
 * migration is marked done and the row-only binding is never accepted again — so a row moved to another
 * tenant can no longer be opened, not even by restarting the service. Safe on several nodes at once:
 * whatever already opens under the new binding is left alone.
 */
public final class BindSealedValuesToTenants {
  public static final String NAME = "sealed-values-bound-to-tenants";
  private static final int PAGE = 200;
  private final ProviderStore providers;
  private final ConnectionStore connections;
  private final Envelope envelope;
  private final DataMigrations migrations;

  public BindSealedValuesToTenants(ProviderStore providers, ConnectionStore connections, Envelope envelope, DataMigrations migrations) {
    this.providers = providers;
    this.connections = connections;
    this.envelope = envelope;
    this.migrations = migrations;
  }

  /** How many rows were re-sealed (0 once done). */
  public int run() {
    if (migrations.done(NAME)) {
      return 0;
    }
    int resealed = 0;
    Optional<String> after = Optional.empty();
    List<Provider> page;
    do {
      page = providers.allTenants(after, PAGE);
      for (Provider provider : page) {
        byte[] bound = Provider.binding(provider.tenant(), provider.id());
        byte[] legacy = Provider.legacyBinding(provider.id());
        Optional<SealedValue> secret = provider.clientSecret().map(value -> rebound(value, legacy, bound));
        Optional<AssertionKey> key = provider.assertionKey().map(k -> new AssertionKey(k.keyId(), k.algorithm(), k.publicJwk(), rebound(k.privateJwk(), legacy, bound)));
        if (!secret.equals(provider.clientSecret()) || !key.equals(provider.assertionKey())) {
          providers.update(new Provider(provider.id(), provider.tenant(), provider.name(), provider.issuer(), provider.endpoints(), provider.clientId(),
              provider.authMethod(), secret, key, provider.scopes(), provider.grantTypes(), provider.returnUrls(), provider.createdAt(), provider.updatedAt(),
              provider.refreshBuffer()));
          resealed++;
        }
      }
      after = page.isEmpty() ? after : Optional.of(page.get(page.size() - 1).id());
    } while (page.size() == PAGE);
    after = Optional.empty();
    List<Connection> connectionPage;
    do {
      connectionPage = connections.allTenants(after, PAGE);
      for (Connection connection : connectionPage) {
        byte[] bound = Connection.binding(connection.tenant(), connection.id());
        byte[] legacy = Connection.legacyBinding(connection.id());
        Optional<SealedValue> tokens = connection.tokens().map(value -> rebound(value, legacy, bound));
        Optional<Connection.DevicePoll> device = connection.device().map(d -> new Connection.DevicePoll(rebound(d.deviceCode(), legacy, bound), d.interval(),
            d.nextPollAt(), d.expiresAt()));
        if (!tokens.equals(connection.tokens()) || !device.equals(connection.device())) {
          connections.update(new Connection(connection.id(), connection.tenant(), connection.providerId(), connection.grantType(), connection.subject(),
              connection.status(), tokens, connection.accessExpiresAt(), connection.scope(), device, connection.createdAt(), connection.updatedAt()));
          resealed++;
        }
      }
      after = connectionPage.isEmpty() ? after : Optional.of(connectionPage.get(connectionPage.size() - 1).id());
    } while (connectionPage.size() == PAGE);
    migrations.markDone(NAME);
    return resealed;
  }

  /** The same value if it already opens under {@code bound}; else opened under {@code legacy} and sealed under {@code bound}. */
  private SealedValue rebound(SealedValue value, byte[] legacy, byte[] bound) {
    try {
      envelope.open(value, bound).destroy();
      return value;
    } catch (Envelope.TamperedValue notYet) {
      var plaintext = envelope.open(value, legacy);
      try {
        return envelope.seal(plaintext, bound);
      } finally {
        plaintext.destroy();
      }
    }
  }
}
