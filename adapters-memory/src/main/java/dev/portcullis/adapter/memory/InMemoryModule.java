package dev.portcullis.adapter.memory;

import dev.portcullis.adapter.memory.apikey.InMemoryApiKeyStore;
import dev.portcullis.adapter.memory.audit.InMemoryAuditLog;
import dev.portcullis.adapter.memory.connection.InMemoryConnectionStore;
import dev.portcullis.adapter.memory.connection.InMemoryProviderStore;
import dev.portcullis.adapter.memory.grant.InMemoryClientStore;
import dev.portcullis.adapter.memory.grant.InMemoryReplayGuard;
import dev.portcullis.adapter.memory.key.InMemorySigningKeyStore;
import dev.portcullis.adapter.memory.secret.InMemoryKekStore;
import dev.portcullis.adapter.memory.secret.InMemorySecretStore;
import dev.portcullis.adapter.memory.session.InMemorySessionStore;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.Singleton;
import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.health.port.out.DependencyProbe;
import dev.portcullis.application.secret.port.out.KekStore;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.shared.port.out.Transactions;

/** The in-memory twins of every driven port: {@code dev} mode and fast tests. No I/O at all. */
public final class InMemoryModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(Transactions.class).to(InMemoryTransactions.class);
    bind(SecretStore.class).to(InMemorySecretStore.class).in(Singleton.class);
    bind(AuditLog.class).to(InMemoryAuditLog.class).in(Singleton.class);
    bind(KekStore.class).to(InMemoryKekStore.class).in(Singleton.class);
    bind(dev.portcullis.application.key.port.out.SigningKeyStore.class).to(InMemorySigningKeyStore.class).in(Singleton.class);
    bind(dev.portcullis.application.grant.port.out.ClientStore.class).to(InMemoryClientStore.class).in(Singleton.class);
    bind(dev.portcullis.application.grant.port.out.ReplayGuard.class).to(InMemoryReplayGuard.class).in(Singleton.class);
    bind(dev.portcullis.application.apikey.port.out.ApiKeyStore.class).to(InMemoryApiKeyStore.class).in(Singleton.class);
    bind(dev.portcullis.application.session.port.out.SessionStore.class).to(InMemorySessionStore.class).in(Singleton.class);
    bind(dev.portcullis.application.connection.port.out.ProviderStore.class).to(InMemoryProviderStore.class).in(Singleton.class);
    bind(dev.portcullis.application.connection.port.out.ConnectionStore.class).to(InMemoryConnectionStore.class).in(Singleton.class);
    bind(dev.portcullis.application.shared.port.out.InvalidationLog.class).to(InMemoryInvalidationLog.class).in(Singleton.class);
    bind(dev.portcullis.application.shared.port.out.DataMigrations.class).to(InMemoryDataMigrations.class).in(Singleton.class);
    bind(dev.portcullis.application.shared.port.out.FailureCounter.class).to(InMemoryFailureCounter.class).in(Singleton.class);
    bind(dev.portcullis.application.shared.port.out.Doorbell.class).toInstance(dev.portcullis.application.shared.port.out.Doorbell.NONE); // one process
    Multibinder.newSetBinder(binder(), DependencyProbe.class); // nothing external to probe
  }
}
