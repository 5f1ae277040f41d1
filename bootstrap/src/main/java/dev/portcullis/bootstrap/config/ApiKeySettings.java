package dev.portcullis.bootstrap.config;

import dev.portcullis.domain.shared.SecretBytes;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * API keys and forward auth ({@code PORTCULLIS_API_KEY_*}, {@code PORTCULLIS_FORWARD_AUTH_*},
 * {@code PORTCULLIS_KEY_RESOLVER_*}).
 *
 * @param forwardAudience the {@code aud} of forward auth's tokens for the upstream; empty = {@link #DEFAULT_FORWARD_AUDIENCE}, never the issuer
 * @param resolver a remote resolver to use instead of our own store
 */
public record ApiKeySettings(String prefix, String header, Duration positiveTtl, Duration negativeTtl, int cacheSize, Duration rotationGrace,
                             Duration forwardTokenLifetime, Optional<String> forwardAudience, Optional<RemoteResolver> resolver) {
  public static final String DEFAULT_FORWARD_AUDIENCE = "urn:portcullis:upstream";

  public String downstreamAudience() {
    return forwardAudience.orElse(DEFAULT_FORWARD_AUDIENCE);
  }

  /** {@code POST {url}/resolve}, authenticated with the shared secret. */
  public record RemoteResolver(URI url, SecretBytes sharedSecret, Duration timeout) {}
}
