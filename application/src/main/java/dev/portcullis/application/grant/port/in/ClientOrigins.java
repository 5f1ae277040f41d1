package dev.portcullis.application.grant.port.in;

/** CORS for browser clients at the token and revocation endpoints: the origins of a client's redirect URIs, never {@code *}. */
public interface ClientOrigins {
  /** Whether {@code origin} may read the answer to a request of {@code clientId}. */
  boolean allowed(String clientId, String origin);

  /** Whether any registered client lives on {@code origin} (a preflight names no client). */
  boolean anyClientOn(String origin);
}
