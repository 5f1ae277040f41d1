package dev.portcullis.bootstrap.config;

import static dev.portcullis.bootstrap.config.ConfigKeys.*;

import dev.portcullis.domain.shared.SecretBytes;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** The API-key settings ({@code PORTCULLIS_API_KEY_*}, forward auth, the remote key resolver); problems go to the loader's list. */
final class ApiKeysConfig {
  private ApiKeysConfig() {}

  static ApiKeySettings parse(ConfigLoader loader) {
    String prefix = loader.text(API_KEY_PREFIX).orElse("pcl");
    if (!dev.portcullis.domain.apikey.PresentedKey.PREFIX.matcher(prefix).matches()) {
      loader.problems.add(API_KEY_PREFIX + " must be 1-16 characters of a-z and 0-9, starting with a letter");
    }
    String header = loader.text(API_KEY_HEADER).orElse("X-Api-Key");
    if (!header.matches("[A-Za-z0-9-]{1,64}") || header.equalsIgnoreCase("Authorization")) {
      loader.problems.add(API_KEY_HEADER + " must be an HTTP header name other than Authorization");
    }
    Optional<ApiKeySettings.RemoteResolver> resolver = Optional.empty();
    Optional<String> resolverUrl = loader.text(KEY_RESOLVER_URL);
    if (resolverUrl.isPresent()) {
      URI url = loader.typed.url(KEY_RESOLVER_URL, resolverUrl.get(), Set.of("http", "https"));
      Optional<String> secret = loader.text(KEY_RESOLVER_SECRET);
      if (secret.isEmpty() || secret.get().length() < 16) {
        loader.problems.add(KEY_RESOLVER_SECRET + " (at least 16 characters) is required with " + KEY_RESOLVER_URL);
      } else if (url != null) {
        resolver = Optional.of(new ApiKeySettings.RemoteResolver(url, SecretBytes.ofUtf8(secret.get()),
            Duration.ofMillis(loader.integer(KEY_RESOLVER_TIMEOUT_MS, 2_000, 50, 60_000))));
      }
    }
    return new ApiKeySettings(prefix, header, Duration.ofSeconds(loader.integer(API_KEY_CACHE_TTL, 60, 0, 86_400)),
        Duration.ofSeconds(loader.integer(API_KEY_NEGATIVE_TTL, 10, 0, 86_400)), loader.integer(API_KEY_CACHE_SIZE, 10_000, 1, 10_000_000),
        Duration.ofSeconds(loader.integer(API_KEY_ROTATION_GRACE, 86_400, 0, 90 * 86_400)), Duration.ofSeconds(loader.integer(FORWARD_AUTH_TTL, 300, 10, 3_600)),
        loader.text(FORWARD_AUTH_AUDIENCE), resolver);
  }
}
