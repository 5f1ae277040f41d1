package dev.portcullis.application.connection.port.out;

import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.PendingAuthorization;
import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Connections, their pending authorizations and the refresh lease. Every single-use or exclusive step is
 * one atomic operation of the store, so concurrent callers on any node get exactly one winner.
 */
public interface ConnectionStore {
  void add(Connection connection);

  Optional<Connection> find(String connectionId);

  /** The tenant's connections (optionally of one provider) ordered by id, after the cursor {@code after}. */
  List<Connection> list(TenantId tenant, Optional<String> providerId, Optional<String> after, int limit);

  /** Every tenant's connections ordered by id (maintenance: the one-time re-seal), after the cursor {@code after}. */
  List<Connection> allTenants(Optional<String> after, int limit);

  /** Replaces the stored connection (tokens, status, device state); false when it no longer exists. */
  boolean update(Connection connection);

  boolean delete(String connectionId);


  /** Stores a pending authorization unless {@code cap} unexpired ones exist already; false then. */
  boolean savePending(PendingAuthorization pending, int cap, Instant now);

  /** Removes and returns the pending authorization with this state hash, if it exists and has not expired. */
  Optional<PendingAuthorization> takePending(byte[] stateHash, Instant now);

  /**
   * The lease for refreshing (or polling) one connection: true for the caller that gets it, until
   * {@code until}; false while another caller holds an unexpired lease.
   */
  boolean lease(String connectionId, Instant until, Instant now);

  void release(String connectionId);

  /** Pending device connections whose next poll is due at {@code now}, oldest first. */
  List<Connection> dueDevicePolls(Instant now, int limit);

  /** Deletes expired pending authorizations; how many went. */
  long purgeExpired(Instant now);
}
