package dev.portcullis.domain.apikey;

import dev.portcullis.domain.shared.TenantId;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A stored API key: everything but the secret, of which only the SHA-256 is kept (the secret is 256
 * random bits, so a slow hash would buy nothing and cost every uncached verification).
 *
 * @param allowedOrigins browser origins ({@code scheme://host[:port]}) the key may be used from; empty = any
 * @param rotatedTo the id of the key that replaced this one, if it was rotated
 */
public record ApiKey(String id, TenantId tenant, String name, Set<String> scopes, ApiKeyIdentity identity, List<String> allowedOrigins,
                     Optional<Instant> expiresAt, Instant createdAt, Optional<Instant> lastUsedAt, Optional<Instant> revokedAt,
                     byte[] secretHash, String prefix, String fingerprint, Optional<String> rotatedTo) {
  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(name, "name");
    scopes = Set.copyOf(scopes);
    Objects.requireNonNull(identity, "identity");
    allowedOrigins = List.copyOf(allowedOrigins);
    expiresAt = Objects.requireNonNullElse(expiresAt, Optional.empty());
    Objects.requireNonNull(createdAt, "createdAt");
    lastUsedAt = Objects.requireNonNullElse(lastUsedAt, Optional.empty());
    revokedAt = Objects.requireNonNullElse(revokedAt, Optional.empty());
    secretHash = secretHash.clone();
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(fingerprint, "fingerprint");
    rotatedTo = Objects.requireNonNullElse(rotatedTo, Optional.empty());
  }

  @Override
  public byte[] secretHash() {
    return secretHash.clone();
  }

  /** Constant-time comparison of the presented secret's hash with the stored one. */
  public boolean secretMatches(byte[] presentedHash) {
    return MessageDigest.isEqual(secretHash, presentedHash);
  }

  /** Not revoked and not expired at {@code now}. */
  public boolean usableAt(Instant now) {
    return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
  }

  public ApiKey revoked(Instant at) {
    return new ApiKey(id, tenant, name, scopes, identity, allowedOrigins, expiresAt, createdAt, lastUsedAt, Optional.of(at), secretHash, prefix, fingerprint, rotatedTo);
  }

  /**
   * Rotation at {@code now}: this key, pointing at its successor, stays valid for {@code grace} (never
   * past its own expiry) so callers can switch over; or why it cannot be rotated.
   */
  public Rotation rotate(String successorId, Instant now, Duration grace) {
    if (!usableAt(now)) {
      return new Rotation.Refused("a revoked or expired key cannot be rotated; create a new one");
    }
    if (rotatedTo.isPresent()) {
      return new Rotation.Refused("this key was already rotated; rotate its successor " + rotatedTo.get());
    }
    Instant graceEnd = now.plus(grace);
    Instant end = expiresAt.filter(e -> e.isBefore(graceEnd)).orElse(graceEnd);
    return new Rotation.Rotated(new ApiKey(id, tenant, name, scopes, identity, allowedOrigins, Optional.of(end), createdAt, lastUsedAt, revokedAt, secretHash,
        prefix, fingerprint, Optional.of(successorId)));
  }

  /** What {@link #rotate} decided. */
  public sealed interface Rotation {
    /** {@code previous} is this key as it must be stored: in its grace period, pointing at the successor. */
    record Rotated(ApiKey previous) implements Rotation {}

    record Refused(String reason) implements Rotation {}
  }

  public ApiKey withDetails(String newName, Set<String> newScopes, List<String> newOrigins, Optional<Instant> newExpiry) {
    return new ApiKey(id, tenant, newName, newScopes, identity, newOrigins, newExpiry, createdAt, lastUsedAt, revokedAt, secretHash, prefix, fingerprint, rotatedTo);
  }

  /** An origin of the request ({@code Origin} or {@code X-Forwarded-Origin}); none (not a browser) is always allowed. */
  public static boolean originAllowed(List<String> allowedOrigins, Optional<String> origin) {
    return allowedOrigins.isEmpty() || origin.isEmpty() || allowedOrigins.contains(normalizeOrigin(origin.get()));
  }

  /** {@code scheme://host[:port]} in lower case, default ports dropped; anything else is returned unchanged (and will not match). */
  public static String normalizeOrigin(String origin) {
    try {
      URI uri = new URI(origin.strip());
      if (uri.getScheme() == null || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
        return origin;
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      int port = uri.getPort();
      boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
      return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    } catch (java.net.URISyntaxException e) {
      return origin;
    }
  }

  @Override
  public String toString() {
    return "ApiKey[" + id + ", " + tenant + ", " + fingerprint + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ApiKey key && key.id.equals(id) && key.tenant.equals(tenant) && key.name.equals(name) && key.scopes.equals(scopes)
        && key.identity.equals(identity) && key.allowedOrigins.equals(allowedOrigins) && key.expiresAt.equals(expiresAt) && key.createdAt.equals(createdAt)
        && key.lastUsedAt.equals(lastUsedAt) && key.revokedAt.equals(revokedAt) && MessageDigest.isEqual(key.secretHash, secretHash)
        && key.prefix.equals(prefix) && key.fingerprint.equals(fingerprint) && key.rotatedTo.equals(rotatedTo);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }
}
