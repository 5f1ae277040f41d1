package dev.portcullis.bootstrap.config;

import dev.portcullis.domain.shared.SecretBytes;
import java.net.URI;
import java.util.List;

/** The upstream OpenID provider of the BFF session broker (all four values, or none). */
public record Upstream(URI issuer, String clientId, SecretBytes clientSecret, List<String> scopes) {
  public Upstream {
    scopes = List.copyOf(scopes);
  }
}
