package dev.portcullis.application.apikey.port.in;

import java.util.Optional;

/**
 * {@code GET /v1/auth/verify} for reverse proxies: verify the credential the proxy forwards (an API key
 * or a platform bearer token, the two kinds the forward-auth contract knows), mint a fresh short-lived JWT.
 */
public interface ForwardAuth {
  /** Forward auth with an API key from the key header; {@code origin} is the request's Origin / X-Forwarded-Origin. */
  MintOutcome apiKey(String rawKey, Optional<String> origin);

  /** Forward auth with a Portcullis platform access token from {@code Authorization: Bearer}. */
  MintOutcome bearer(String token, Optional<String> origin);
}
