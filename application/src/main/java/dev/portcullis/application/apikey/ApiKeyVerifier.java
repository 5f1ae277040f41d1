package dev.portcullis.application.apikey;

import dev.portcullis.application.apikey.port.out.ApiKeyResolver;
import dev.portcullis.application.apikey.port.out.ApiKeyResolver.Resolution;
import dev.portcullis.application.shared.ExpiringCache;
import dev.portcullis.application.shared.Hashes;
import dev.portcullis.application.shared.InvalidationFeed;
import dev.portcullis.domain.apikey.ApiKey;
import dev.portcullis.domain.apikey.PresentedKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Verifies presented API keys through a cache in front of the resolver. The key's shape is checked
 * first (a malformed key never reaches the resolver); the cache is keyed by the SHA-256 of the whole
 * key, keeps answers for a positive or negative TTL, is bounded with least-recently-used eviction,
 * and never keeps "unavailable". Concurrent misses for one key share one resolver call. A change or
 * revocation anywhere drops the key from every node's cache through the {@link InvalidationFeed}, and a
 * cached answer is used only while the feed is fresh.
 */
public final class ApiKeyVerifier {
  static final String TOPIC = "api-key";
  private final ApiKeyResolver resolver;
  private final InstantSource clock;
  private final Settings settings;
  private final LastUsed lastUsed;
  private final ExpiringCache<String, Resolution> cache;
  private final dev.portcullis.application.shared.SingleFlight<String, Resolution> inFlight;

  /** @param prefix the configured key prefix ({@code pcl}) */
  public record Settings(String prefix, Duration positiveTtl, Duration negativeTtl, int capacity) {}

  private final InvalidationFeed invalidations;

  private final dev.portcullis.application.shared.port.out.Decisions decisions;

  public ApiKeyVerifier(ApiKeyResolver resolver, InvalidationFeed invalidations, InstantSource clock, Settings settings, LastUsed lastUsed,
                        dev.portcullis.application.shared.port.out.Suspension suspension) {
    this(resolver, invalidations, clock, settings, lastUsed, suspension, dev.portcullis.application.shared.port.out.Decisions.NONE);
  }

  /** @param decisions counts each presented key by outcome and whether the cache answered */
  public ApiKeyVerifier(ApiKeyResolver resolver, InvalidationFeed invalidations, InstantSource clock, Settings settings, LastUsed lastUsed,
                        dev.portcullis.application.shared.port.out.Suspension suspension, dev.portcullis.application.shared.port.out.Decisions decisions) {
    this.decisions = decisions;
    this.invalidations = invalidations;
    this.resolver = resolver;
    this.clock = clock;
    this.settings = settings;
    this.lastUsed = lastUsed;
    this.cache = new ExpiringCache<>(settings.capacity());
    this.inFlight = new dev.portcullis.application.shared.SingleFlight<>(suspension); // concurrent requests with one key wait for one lookup
    invalidations.subscribe(TOPIC, entry -> cache.invalidateIf(r -> r instanceof Resolution.Resolved resolved && resolved.key().keyId().equals(entry.key())));
  }

  /** The outcome for {@code rawKey} presented from {@code origin} (the request's Origin, if it came from a browser). */
  public Resolution verify(String rawKey, Optional<String> origin) {
    Optional<PresentedKey> presented = PresentedKey.parse(rawKey, settings.prefix());
    if (presented.isEmpty()) {
      decisions.apiKeyVerified("malformed", false);
      return new Resolution.Invalid(); // malformed: no lookup at all
    }
    boolean[] hit = {false};
    Resolution outcome;
    try {
      outcome = checked(resolve(presented.get(), hit), origin);
    } catch (dev.portcullis.application.shared.port.out.DependencyUnavailable outage) {
      decisions.apiKeyVerified("unavailable", false);
      throw outage;
    }
    decisions.apiKeyVerified(switch (outcome) {
      case Resolution.Resolved resolved -> "valid";
      case Resolution.Invalid invalid -> "invalid";
      case Resolution.NotAllowed notAllowed -> "not_allowed";
      case Resolution.BadRequest badRequest -> "bad_request";
      case Resolution.Unavailable unavailable -> "unavailable";
    }, hit[0]);
    return outcome;
  }

  private Resolution checked(Resolution resolution, Optional<String> origin) {
    if (resolution instanceof Resolution.Resolved resolved) {
      Instant now = clock.instant();
      if (resolved.key().expiresAt().map(e -> !now.isBefore(e)).orElse(false)) {
        return new Resolution.Invalid(); // expired while cached
      }
      if (!ApiKey.originAllowed(resolved.key().allowedOrigins(), origin)) {
        return new Resolution.NotAllowed("this key may not be used from this origin");
      }
      lastUsed.record(resolved.key().keyId(), now);
    }
    return resolution;
  }

  private Resolution resolve(PresentedKey key, boolean[] hit) {
    String cacheKey = Hashes.sha256Hex(key.full());
    invalidations.requireFresh();
    Optional<Resolution> cached = cache.get(cacheKey, clock.instant());
    if (cached.isPresent()) {
      hit[0] = true;
      return cached.get();
    }
    return inFlight.run(cacheKey, () -> {
      Optional<Resolution> cachedMeanwhile = cache.get(cacheKey, clock.instant()); // a leader may have finished just before we registered
      if (cachedMeanwhile.isPresent()) {
        return cachedMeanwhile.get();
      }
      Resolution resolution = resolver.resolve(key);
      remember(cacheKey, resolution);
      return resolution;
    });
  }

  private void remember(String cacheKey, Resolution resolution) {
    Instant now = clock.instant();
    switch (resolution) {
      case Resolution.Resolved resolved -> {
        Instant until = now.plus(settings.positiveTtl());
        Instant expiry = resolved.key().expiresAt().orElse(until);
        cache.put(cacheKey, resolution, expiry.isBefore(until) ? expiry : until);
      }
      case Resolution.Invalid invalid -> cache.put(cacheKey, resolution, now.plus(settings.negativeTtl()));
      case Resolution.NotAllowed notAllowed -> cache.put(cacheKey, resolution, now.plus(settings.negativeTtl()));
      case Resolution.BadRequest badRequest -> { } // the request's problem, not the key's
      case Resolution.Unavailable unavailable -> { } // never cached: the next request asks again
    }
  }
}
