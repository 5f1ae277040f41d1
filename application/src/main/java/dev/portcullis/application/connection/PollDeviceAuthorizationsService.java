package dev.portcullis.application.connection;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.connection.ProviderAccess.Endpoints;
import dev.portcullis.application.connection.port.in.PollDeviceAuthorizations;
import dev.portcullis.application.connection.port.out.ConnectionStore;
import dev.portcullis.application.connection.port.out.ProviderOAuth.TokenResult;
import dev.portcullis.application.connection.port.out.ProviderStore;
import dev.portcullis.application.shared.SealedFields;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.connection.Connection;
import dev.portcullis.domain.connection.Connection.DevicePoll;
import dev.portcullis.domain.connection.Connection.Status;
import dev.portcullis.domain.connection.Provider;
import dev.portcullis.domain.shared.UnicodeText;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 8628 §3.4–3.5 in the background: each due device authorization is polled by one node (under the
 * connection's lease), honouring authorization_pending, slow_down, access_denied and expired_token.
 */
public final class PollDeviceAuthorizationsService implements PollDeviceAuthorizations {
  private static final int BATCH = 50;
  private final ProviderStore providers;
  private final ConnectionStore store;
  private final ProviderAccess oauth;
  private final Envelope envelope;
  private final Auditor auditor;
  private final InstantSource clock;

  public PollDeviceAuthorizationsService(ProviderStore providers, ConnectionStore store, ProviderAccess oauth, Envelope envelope, Auditor auditor,
                                         InstantSource clock) {
    this.providers = providers;
    this.store = store;
    this.oauth = oauth;
    this.envelope = envelope;
    this.auditor = auditor;
    this.clock = clock;
  }

  @Override
  public int poll() {
    Instant now = clock.instant();
    int polled = 0;
    for (Connection due : store.dueDevicePolls(now, BATCH)) {
      if (!store.lease(due.id(), now.plus(ConnectSettings.LEASE), now)) {
        continue; // another node polls it
      }
      try {
        Optional<Connection> current = store.find(due.id()).filter(c -> c.status() == Status.PENDING && c.device().isPresent());
        if (current.isPresent() && !current.get().device().get().nextPollAt().isAfter(now)) {
          pollOnce(current.get(), now);
          polled++;
        }
      } finally {
        store.release(due.id());
      }
    }
    return polled;
  }

  private void pollOnce(Connection connection, Instant now) {
    DevicePoll poll = connection.device().orElseThrow();
    if (!poll.expiresAt().isAfter(now)) {
      fail(connection, "expired_token", now);
      return;
    }
    Optional<Provider> provider = providers.find(connection.providerId());
    if (provider.isEmpty()) {
      fail(connection, "provider_deleted", now);
      return;
    }
    if (!(oauth.endpoints(provider.get()) instanceof Endpoints.Resolved resolved)) {
      later(connection, poll, poll.interval(), poll.interval(), now);
      return;
    }
    String deviceCode = SealedFields.open(envelope, poll.deviceCode(), Connection.binding(connection.tenant(), connection.id()), 1).get(0).orElseThrow();
    Map<String, String> grant = new LinkedHashMap<>();
    grant.put("grant_type", Provider.DEVICE_CODE);
    grant.put("device_code", deviceCode);
    switch (oauth.token(provider.get(), resolved.metadata().endpoints(), grant)) {
      case TokenResult.Tokens tokens -> {
        store.update(connection.withTokens(ConnectionTokens.of(tokens).seal(envelope, connection.tenant(), connection.id()),
            tokens.expiresIn().map(now::plus), ProviderAnswers.granted(tokens, connection.scope()), Optional.empty(), now));
        auditor.record(ConnectionDirectory.SYSTEM, connection.tenant(), AuditAction.CONNECTION_CREATE, connection.id(), AuditOutcome.SUCCESS);
      }
      case TokenResult.Rejected rejected when rejected.error().equals("authorization_pending") -> later(connection, poll, poll.interval(), poll.interval(), now);
      case TokenResult.Rejected rejected when rejected.error().equals("slow_down") -> {
        Duration slower = poll.interval().plusSeconds(5); // RFC 8628 §3.5
        later(connection, poll, slower, slower, now);
      }
      case TokenResult.Rejected rejected -> fail(connection, rejected.error(), now);
      case TokenResult.Unavailable unavailable ->
          later(connection, poll, poll.interval(), unavailable.retryAfter().compareTo(poll.interval()) > 0 ? unavailable.retryAfter() : poll.interval(), now);
      case TokenResult.Malformed malformed -> fail(connection, "invalid_response", now);
    }
  }

  /** Polls again after {@code wait}, with {@code interval} from then on. */
  private void later(Connection connection, DevicePoll poll, Duration interval, Duration wait, Instant now) {
    store.update(connection.withDevice(new DevicePoll(poll.deviceCode(), interval, now.plus(wait), poll.expiresAt()), now));
  }

  private void fail(Connection connection, String why, Instant now) {
    store.update(connection.withStatus(Status.FAILED, now));
    auditor.record(ConnectionDirectory.SYSTEM, connection.tenant(), AuditAction.CONNECTION_CREATE, connection.id() + " " + UnicodeText.printable(why),
        AuditOutcome.FAILURE);
  }
}
