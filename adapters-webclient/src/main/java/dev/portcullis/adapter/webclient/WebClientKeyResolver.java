package dev.portcullis.adapter.webclient;

import dev.portcullis.application.apikey.port.out.ApiKeyResolver;
import dev.portcullis.domain.apikey.ApiKeyIdentity;
import dev.portcullis.domain.apikey.PresentedKey;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves API keys against a deployment's own key service: {@code POST {url}/resolve} with
 * {@code {"key_id","secret"}} and {@code Authorization: Bearer <shared secret>}. 401 → invalid, 403 →
 * not allowed (both cached by the verifier), 400 → bad request, 429/5xx/timeouts/unreachable → unavailable
 * (the remote {@code Retry-After} passed on when it is a positive integer). A 200 missing a field the
 * JWT needs (tenant, subject, scopes) or with a malformed one is unavailable, never half used. The URL is
 * the operator's ({@link Outbound.Trust#CONFIGURED}).
 */
public final class WebClientKeyResolver implements ApiKeyResolver {
  private static final Logger log = LoggerFactory.getLogger(WebClientKeyResolver.class);
  private static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);
  private final Outbound outbound;
  private final URI resolveUrl;
  private final SecretBytes sharedSecret;

  public WebClientKeyResolver(Outbound outbound, URI baseUrl, SecretBytes sharedSecret) {
    String base = baseUrl.toString();
    this.outbound = outbound;
    this.resolveUrl = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/resolve");
    this.sharedSecret = sharedSecret;
  }

  @Override
  public Resolution resolve(PresentedKey key) {
    String body = new JsonObject().put("key_id", key.keyId()).put("secret", key.secret()).encode();
    Outbound.Result result = outbound.send(io.vertx.core.http.HttpMethod.POST, resolveUrl,
        Map.of("Content-Type", "application/json", "Accept", "application/json", "Authorization", "Bearer " + sharedSecret.revealUtf8()), Buffer.buffer(body),
        Outbound.Trust.CONFIGURED);
    if (!(result instanceof Outbound.Answered answer)) {
      log.warn("remote key resolver unreachable for key {}", key.fingerprint());
      return new Resolution.Unavailable(DEFAULT_RETRY);
    }
    return switch (answer.status()) {
      case 200 -> resolved(key, answer.body());
      case 401 -> new Resolution.Invalid();
      case 403 -> new Resolution.NotAllowed("the key's identity is not allowed");
      case 400 -> new Resolution.BadRequest("the key resolver rejected the request");
      default -> {
        log.warn("remote key resolver answered {} for key {}", answer.status(), key.fingerprint());
        yield new Resolution.Unavailable(answer.header("retry-after").filter(v -> v.matches("[1-9][0-9]{0,5}"))
            .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(DEFAULT_RETRY));
      }
    };
  }

  private static Resolution resolved(PresentedKey key, String body) {
    try {
      JsonObject json = new JsonObject(body);
      String tenant = json.getString("tenant");
      String subject = json.getString("subject");
      JsonArray scopes = json.getJsonArray("scopes");
      if (tenant == null || subject == null || scopes == null) {
        return unusable(key, "tenant, subject or scopes missing");
      }
      ApiKeyIdentity identity = new ApiKeyIdentity(subject, Optional.ofNullable(json.getString("email")), Optional.ofNullable(json.getString("name")),
          strings(json.getJsonArray("tags")));
      Optional<Instant> expiresAt = Optional.ofNullable(json.getString("expires_at")).map(Instant::parse);
      return new Resolution.Resolved(new ResolvedKey(key.keyId(), new TenantId(tenant), Set.copyOf(strings(scopes)), identity,
          strings(json.getJsonArray("allowed_origins")), expiresAt));
    } catch (DecodeException | ClassCastException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
      return unusable(key, "malformed answer");
    }
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String.class::cast).toList();
  }

  private static Resolution unusable(PresentedKey key, String why) {
    log.warn("remote key resolver gave an unusable 200 for key {}: {}", key.fingerprint(), why);
    return new Resolution.Unavailable(DEFAULT_RETRY);
  }
}
