package dev.portcullis.domain.grant;

import java.util.Optional;

/**
 * What one of our access tokens is for — carried in every token as the {@code token_use} claim, and
 * deciding its audience, who accepts it and whether anything may be derived from it.
 */
public enum TokenUse {
  /** A client's own token (client_credentials): {@code aud} = the issuer; Portcullis's API accepts it; forward auth may derive from it. */
  ACCESS("access", false),
  /** A BFF session's token: {@code aud} = the issuer, carries the session's {@code sid}; dies with the session. */
  SESSION("session", false),
  /** An API key exchanged at the token endpoint (RFC 8693): {@code aud} = the issuer; dies with the key. */
  EXCHANGED("exchanged", false),
  /**
   * Minted by forward auth for the protected upstream: {@code aud} = the forward-auth audience, never the
   * issuer, so Portcullis's own API refuses it, and nothing is ever derived from it. It carries its
   * parent's {@code jti} and {@code sid}, and expires no later than its parent.
   */
  FORWARDED("forwarded", true);

  private final String wireName;
  private final boolean downstream;

  TokenUse(String wireName, boolean downstream) {
    this.wireName = wireName;
    this.downstream = downstream;
  }

  public String wireName() {
    return wireName;
  }

  /**
   * For Portcullis itself ({@code aud} = the issuer): accepted as a bearer credential by Portcullis's own
   * API, and a parent forward auth may derive from. False for tokens for the protected upstream.
   */
  public boolean isPlatform() {
    return !downstream;
  }

  public static Optional<TokenUse> fromWireName(String wire) {
    for (TokenUse use : values()) {
      if (use.wireName.equals(wire)) {
        return Optional.of(use);
      }
    }
    return Optional.empty();
  }
}
