package dev.portcullis.application.grant;

import dev.portcullis.application.grant.port.out.AccessTokenCodec;
import dev.portcullis.application.key.SigningKeysService;
import dev.portcullis.application.shared.BearerTokenVerifier;
import dev.portcullis.application.shared.ExpiringCache;
import dev.portcullis.application.shared.Hashes;
import dev.portcullis.application.shared.Revocations;
import dev.portcullis.application.shared.Revocations.Revoked;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.grant.AccessTokenClaims;
import dev.portcullis.domain.grant.AccessTokenClaims.IdentityClaims;
import dev.portcullis.domain.grant.TokenUse;
import dev.portcullis.domain.key.SigningAlgorithm;
import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Issues, verifies and revokes our JWT access tokens (RFC 9068): {@code typ: at+jwt}, signed with the
 * platform key, {@code token_use} saying what each is for ({@link TokenUse}): platform tokens have
 * {@code aud} = the issuer and are what Portcullis's own API accepts; forwarded tokens have
 * {@code aud} = the forward-auth audience and are only for the protected upstream.
 *
 * <p>Verification pins the algorithm we sign with and checks issuer, audience and expiry against the
 * injected clock; a verified token's claims are cached under the SHA-256 of the token until it expires.
 * A token is active only while neither it, nor its parent, nor its session, nor its client or API key
 * is revoked ({@link Revocations}, checked in memory on every call).
 */
public final class AccessTokens implements BearerTokenVerifier {
  public static final int DEFAULT_CACHE_SIZE = 10_000;
  private final SigningKeysService signingKeys;
  private final AccessTokenCodec codec;
  private final TokenGenerator tokens;
  private final Revocations revocations;
  private final InstantSource clock;
  private final String issuer;
  private final String downstreamAudience;
  private final Duration lifetime;
  private final SigningAlgorithm algorithm;
  private final ExpiringCache<String, AccessTokenClaims> verified;

  /**
   * @param downstreamAudience the {@code aud} of forwarded tokens ({@code PORTCULLIS_FORWARD_AUTH_AUDIENCE}); never the issuer
   * @param lifetime of client tokens (client_credentials)
   */
  public AccessTokens(SigningKeysService signingKeys, AccessTokenCodec codec, TokenGenerator tokens, Revocations revocations, InstantSource clock,
                      String issuer, String downstreamAudience, Duration lifetime, SigningAlgorithm algorithm, int cacheSize) {
    if (downstreamAudience.equals(issuer)) {
      throw new IllegalArgumentException("the forward-auth audience must differ from the issuer, or forwarded tokens would open Portcullis's own API");
    }
    this.signingKeys = signingKeys;
    this.codec = codec;
    this.tokens = tokens;
    this.revocations = revocations;
    this.clock = clock;
    this.issuer = issuer;
    this.downstreamAudience = downstreamAudience;
    this.lifetime = lifetime;
    this.algorithm = algorithm;
    this.verified = new ExpiringCache<>(cacheSize);
  }

  public record Issued(String token, AccessTokenClaims claims) {
    @Override
    public String toString() {
      return "Issued[" + claims.jwtId() + "]"; // never the token
    }
  }

  /** A client's own token (client_credentials). */
  public String issue(String clientId, TenantId tenant, Set<String> scopes) {
    Instant now = clock.instant();
    return sign(new AccessTokenClaims(issuer, clientId, issuer, clientId, tenant, scopes, now, now.plus(lifetime), tokens.randomToken(16))).token();
  }

  /** A BFF session's token: carries {@code sid} and dies with the session ({@link #endSession}). */
  public Issued session(String subject, String clientId, TenantId tenant, Set<String> scopes, IdentityClaims identity, Duration tokenLifetime,
                        String sessionId) {
    Instant now = clock.instant();
    return sign(new AccessTokenClaims(issuer, subject, issuer, clientId, tenant, scopes, now, now.plus(tokenLifetime), tokens.randomToken(16), identity,
        Optional.of(sessionId), TokenUse.SESSION, Optional.empty()));
  }

  /**
   * An OpenID Connect ID token (Core §2, §3.1.3.3) for a session's client: {@code typ: JWT}, signed with the
   * platform key, expiring with the access token it is issued beside. Never accepted as a bearer credential
   * (its {@code typ} and {@code aud} are not an access token's).
   */
  public String idToken(String subject, String clientId, Instant authTime, java.util.Optional<String> nonce, String sessionId, IdentityClaims identity,
                        Instant expiresAt) {
    return signingKeys.sign("JWT", codec.payload(new dev.portcullis.domain.grant.IdTokenClaims(issuer, subject, clientId, clock.instant(), expiresAt,
        authTime, nonce, sessionId, identity)));
  }

  /**
   * The session an ID token of ours names, for RP-initiated logout ({@code id_token_hint}, OpenID Connect
   * RP-Initiated Logout §2): our signature, our issuer and {@code clientId} as its audience. An expired ID
   * token still names its session — logging out with an old hint must work.
   */
  public java.util.Optional<String> sessionOfIdToken(String idToken, String clientId) {
    return codec.verifyIdToken(idToken, signingKeys.jwks(), algorithm).filter(c -> c.issuer().equals(issuer) && c.audience().equals(clientId))
        .map(dev.portcullis.domain.grant.IdTokenClaims::sessionId);
  }

  /**
   * A token minted for an API key: {@code EXCHANGED} (RFC 8693, for Portcullis's API) or {@code FORWARDED}
   * (forward auth, for the upstream). Never outlives the key ({@code keyExpiry}); dies when it is revoked.
   */
  public Issued forApiKey(TokenUse use, String keyId, String subject, TenantId tenant, Set<String> scopes, IdentityClaims identity, Duration tokenLifetime,
                          Optional<Instant> keyExpiry) {
    Instant now = clock.instant();
    Instant expiry = now.plus(tokenLifetime);
    if (keyExpiry.isPresent() && keyExpiry.get().isBefore(expiry)) {
      expiry = keyExpiry.get();
    }
    String audience = use.isPlatform() ? issuer : downstreamAudience;
    return sign(new AccessTokenClaims(issuer, subject, audience, AccessTokenClaims.API_KEY_CLIENT + keyId, tenant, scopes, now, expiry, tokens.randomToken(16),
        identity, Optional.empty(), use, Optional.empty()));
  }

  /** Forward auth's token for the upstream, derived from an active platform token: never outlives it, dies with it. */
  public Issued forwarded(AccessTokenClaims parent, Duration tokenLifetime) {
    return sign(parent.forwarded(downstreamAudience, clock.instant(), tokenLifetime, tokens.randomToken(16)));
  }

  private Issued sign(AccessTokenClaims claims) {
    return new Issued(signingKeys.sign("at+jwt", codec.payload(claims)), claims);
  }

  public Duration lifetime() {
    return lifetime;
  }

  /** The JWS algorithm our tokens (access and ID) are signed with, as discovery names it. */
  public String signingAlgorithm() {
    return algorithm.jwsName();
  }

  /** A bearer credential for Portcullis's own API: an active platform token, never a forwarded one. */
  @Override
  public Optional<Principal> verify(String token) {
    return active(token).filter(claims -> claims.use().isPlatform())
        .map(claims -> new Principal.Client(claims.subject(), claims.tenant(), claims.scopes(), credentialOf(claims)));
  }

  /** The credential behind a token, as the audit log names it: the session, the API key, or the client. */
  static String credentialOf(AccessTokenClaims claims) {
    if (claims.sessionId().isPresent()) {
      return "session:" + claims.sessionId().get();
    }
    return claims.apiKeyId().map(key -> "api-key:" + key).orElse("client:" + claims.clientId());
  }

  /** The claims of {@code token} if it is ours, current and not revoked — nor its parent, session, client or API key. */
  public Optional<AccessTokenClaims> active(String token) {
    return current(token).filter(claims -> !revocations.anyRevoked(revocationsCovering(claims)));
  }

  private static List<Revoked> revocationsCovering(AccessTokenClaims claims) {
    List<Revoked> candidates = new ArrayList<>(4);
    candidates.add(new Revoked(Revoked.Kind.TOKEN, claims.jwtId()));
    claims.parentJwtId().ifPresent(parent -> candidates.add(new Revoked(Revoked.Kind.TOKEN, parent)));
    claims.sessionId().ifPresent(sid -> candidates.add(new Revoked(Revoked.Kind.SESSION, sid)));
    candidates.add(claims.apiKeyId().map(key -> new Revoked(Revoked.Kind.API_KEY, key)).orElseGet(() -> new Revoked(Revoked.Kind.CLIENT, claims.clientId())));
    return candidates;
  }

  /** Denies every access token of session {@code sessionId} — and every token derived from them — on every node until {@code lastExpiry}. */
  public void endSession(String sessionId, Instant lastExpiry) {
    revocations.revoke(new Revoked(Revoked.Kind.SESSION, sessionId), lastExpiry);
  }

  /** Denies every token issued to {@code clientId} (deleted) on every node until the longest of them has expired. */
  public void endClient(String clientId, Duration longestLifetime) {
    revocations.revoke(new Revoked(Revoked.Kind.CLIENT, clientId), clock.instant().plus(longestLifetime));
  }

  /** Denies every token minted for API key {@code keyId} (revoked) on every node until the longest of them has expired. */
  public void endApiKey(String keyId, Duration longestLifetime) {
    revocations.revoke(new Revoked(Revoked.Kind.API_KEY, keyId), clock.instant().plus(longestLifetime));
  }

  /** Denies {@code token} (and what was derived from it) everywhere until it expires; false when it is no longer current. */
  public boolean revoke(AccessTokenClaims claims) {
    if (!claims.expiresAt().isAfter(clock.instant())) {
      return false;
    }
    revocations.revoke(new Revoked(Revoked.Kind.TOKEN, claims.jwtId()), claims.expiresAt());
    return true;
  }

  /** The claims of {@code token} if it is ours and current (audience as its use demands), revoked or not. */
  public Optional<AccessTokenClaims> current(String token) {
    if (token.chars().filter(c -> c == '.').count() != 2) {
      return Optional.empty(); // not a JWS compact serialization: not ours to judge
    }
    Instant now = clock.instant();
    String key = Hashes.sha256Hex(token);
    Optional<AccessTokenClaims> cached = verified.get(key, now);
    if (cached.isPresent()) {
      return cached.filter(claims -> claims.acceptableAt(now, issuer, downstreamAudience));
    }
    Optional<AccessTokenClaims> claims = codec.verify(token, signingKeys.jwks(), algorithm).filter(c -> c.acceptableAt(now, issuer, downstreamAudience));
    claims.ifPresent(c -> verified.put(key, c, c.expiresAt()));
    return claims;
  }
}
