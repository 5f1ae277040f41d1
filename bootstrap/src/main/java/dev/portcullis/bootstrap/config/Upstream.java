package dev.portcullis.bootstrap.config;

import dev.portcullis.domain.shared.SecretBytes;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** The upstream OpenID provider of the BFF session broker; {@code timeout} bounds every call to it. */
public record Upstream(URI issuer, String clientId, SecretBytes clientSecret, List<String> scopes, Duration timeout) {
  public Upstream {
    scopes = List.copyOf(scopes);
  }
}
