package dev.portcullis.adapter.memory.connection;

import dev.portcullis.adapter.memory.InMemoryTransactions;
import dev.portcullis.adapter.memory.Leases;

import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.PendingAuthorization;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Connections in memory (dev, fast tests). Single-use steps are one atomic map operation each. */
public final class InMemoryConnectionStore implements ConnectionStore {
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private final Map<String, PendingAuthorization> pending = new ConcurrentHashMap<>();
  private final Leases leases = new Leases();

  @Override
  public void add(Connection connection) {
    InMemoryTransactions.replaced(connections, connection.id(), connections.put(connection.id(), connection));
  }

  @Override
  public Optional<Connection> find(String connectionId) {
    return Optional.ofNullable(connections.get(connectionId));
  }

  @Override
  public List<Connection> list(TenantId tenant, Optional<String> providerId, Optional<String> after, int limit) {
    return connections.values().stream().filter(c -> c.tenant().equals(tenant)).filter(c -> providerId.map(c.providerId()::equals).orElse(true))
        .filter(c -> after.map(a -> c.id().compareTo(a) > 0).orElse(true)).sorted(Comparator.comparing(Connection::id)).limit(limit).toList();
  }

  @Override
  public List<Connection> allTenants(Optional<String> after, int limit) {
    return connections.values().stream().filter(c -> after.map(a -> c.id().compareTo(a) > 0).orElse(true)).sorted(Comparator.comparing(Connection::id))
        .limit(limit).toList();
  }

  @Override
  public boolean update(Connection connection) {
    Connection previous = connections.get(connection.id());
    boolean updated = connections.computeIfPresent(connection.id(), (id, old) -> connection) != null;
    if (updated) {
      InMemoryTransactions.replaced(connections, connection.id(), previous);
    }
    return updated;
  }

  @Override
  public boolean delete(String connectionId) {
    leases.release(connectionId);
    Connection previous = connections.remove(connectionId);
    if (previous != null) {
      InMemoryTransactions.replaced(connections, connectionId, previous);
    }
    return previous != null;
  }

  @Override
  public synchronized boolean savePending(PendingAuthorization authorization, int cap, Instant now) {
    pending.values().removeIf(p -> !p.expiresAt().isAfter(now));
    if (pending.size() >= cap) {
      return false;
    }
    pending.put(HexFormat.of().formatHex(authorization.stateHash()), authorization);
    return true;
  }

  @Override
  public Optional<PendingAuthorization> takePending(byte[] stateHash, Instant now) {
    return Optional.ofNullable(pending.remove(HexFormat.of().formatHex(stateHash))).filter(p -> p.expiresAt().isAfter(now));
  }

  @Override
  public boolean lease(String connectionId, Instant until, Instant now) {
    return leases.take(connectionId, until, now);
  }

  @Override
  public void release(String connectionId) {
    leases.release(connectionId);
  }

  @Override
  public List<Connection> dueDevicePolls(Instant now, int limit) {
    return connections.values().stream().filter(c -> c.status() == Connection.Status.PENDING && c.device().isPresent())
        .filter(c -> !c.device().get().nextPollAt().isAfter(now)).sorted(Comparator.comparing(c -> c.device().get().nextPollAt())).limit(limit).toList();
  }

  @Override
  public long purgeExpired(Instant now) {
    int before = pending.size();
    pending.values().removeIf(p -> !p.expiresAt().isAfter(now));
    return before - pending.size();
  }
}
