package dev.portcullis.application.grant.port.out;

import java.net.URI;

/** Fetches a client's JWK Set from its registered {@code jwks_uri} (bounded time and size). Caching is the caller's. */
public interface ClientJwksSource {
  /** The JWK Set JSON document at {@code uri}. */
  String fetch(URI uri) throws Unavailable;

  /** The document could not be fetched: why, for the error description (never a secret). */
  final class Unavailable extends Exception {
    public Unavailable(String reason) {
      super(reason, null, false, false);
    }
  }
}
