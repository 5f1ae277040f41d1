package dev.portcullis.domain.connection;

import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One set of tokens for one subject at one provider. The tokens are kept only sealed (bound to the
 * connection id); {@code accessExpiresAt} is kept beside them in the clear so the refresh policy
 * needs no decryption.
 *
 * @param device set while a device authorization (RFC 8628) is pending
 */
public record Connection(String id, TenantId tenant, String providerId, String grantType, Optional<String> subject, Status status,
                         Optional<SealedValue> tokens, Optional<Instant> accessExpiresAt, Set<String> scope, Optional<DevicePoll> device,
                         Instant createdAt, Instant updatedAt) {
  public enum Status {
    /** A device authorization is waiting for the user. */
    PENDING,
    ACTIVE,
    /** The provider refused the refresh token (invalid_grant): the user must connect again. */
    NEEDS_REAUTH,
    /** The device authorization was denied or expired. */
    FAILED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A pending device authorization: the device code (sealed), the polling interval and when to poll next. */
  public record DevicePoll(SealedValue deviceCode, Duration interval, Instant nextPollAt, Instant expiresAt) {
    public DevicePoll {
      Objects.requireNonNull(deviceCode, "deviceCode");
      Objects.requireNonNull(interval, "interval");
      Objects.requireNonNull(nextPollAt, "nextPollAt");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }
  }

  public Connection {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(grantType, "grantType");
    subject = Objects.requireNonNullElse(subject, Optional.empty());
    Objects.requireNonNull(status, "status");
    tokens = Objects.requireNonNullElse(tokens, Optional.empty());
    accessExpiresAt = Objects.requireNonNullElse(accessExpiresAt, Optional.empty());
    scope = Set.copyOf(scope);
    device = Objects.requireNonNullElse(device, Optional.empty());
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public Connection withTokens(SealedValue sealed, Optional<Instant> expiresAt, Set<String> grantedScope, Optional<String> newSubject, Instant now) {
    return new Connection(id, tenant, providerId, grantType, newSubject.or(() -> subject), Status.ACTIVE, Optional.of(sealed), expiresAt, grantedScope,
        Optional.empty(), createdAt, now);
  }

  public Connection withStatus(Status newStatus, Instant now) {
    return new Connection(id, tenant, providerId, grantType, subject, newStatus, tokens, accessExpiresAt, scope,
        newStatus == Status.PENDING ? device : Optional.empty(), createdAt, now);
  }

  /** The provider moved: the user must connect again, and nothing obtained before may be used (or revoked at the new place). */
  public Connection reauthorizationRequired(Instant now) {
    return new Connection(id, tenant, providerId, grantType, subject, Status.NEEDS_REAUTH, Optional.empty(), Optional.empty(), scope, Optional.empty(),
        createdAt, now);
  }

  public Connection withDevice(DevicePoll poll, Instant now) {
    return new Connection(id, tenant, providerId, grantType, subject, Status.PENDING, tokens, accessExpiresAt, scope, Optional.of(poll), createdAt, now);
  }

  /** The associated data binding the sealed tokens (and device code) to this connection and its tenant. */
  public static byte[] binding(TenantId tenant, String connectionId) {
    return ("portcullis-connection/2:" + tenant.value() + ":" + connectionId).getBytes(StandardCharsets.UTF_8);
  }

  /** The binding of values sealed before the tenant was part of it: only the one-time re-seal reads it. */
  public static byte[] legacyBinding(String connectionId) {
    return ("portcullis-connection:" + connectionId).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "Connection[" + id + ", " + providerId + ", " + grantType + ", " + status.wireName() + "]";
  }

  /**
   * Whether the access token must be refreshed before it is handed out at {@code now}: it expires
   * within {@code buffer}. A token without a known expiry is never refreshed ahead of time.
   */
  public boolean refreshDue(Instant now, Duration buffer) {
    return accessExpiresAt.map(expiry -> !expiry.isAfter(now.plus(buffer))).orElse(false);
  }
}
