package dev.portcullis.application.shared;

import dev.portcullis.application.shared.port.out.InvalidationLog;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What has been revoked before it expired — access tokens, sessions, clients, API keys — as every node
 * knows it: recorded durably through the {@link InvalidationFeed} (so a revocation commits with its audit
 * record, and a node that was cut off catches up on its next read), held in memory here (so checking a
 * token costs no round trip), and trusted only while the feed is fresh (else 503, never a pass).
 */
public final class Revocations {
  static final String TOPIC = "revoked";
  private final InvalidationFeed feed;
  private final InstantSource clock;
  private final ConcurrentHashMap<String, Instant> revoked = new ConcurrentHashMap<>();

  /** What a revocation names. */
  public record Revoked(Kind kind, String id) {
    public enum Kind {
      /** One access token, by {@code jti} — and every token derived from it. */
      TOKEN,
      /** Every access token of a BFF session, by {@code sid}. */
      SESSION,
      /** Every token issued to a client (deleted), by client id. */
      CLIENT,
      /** Every token minted for an API key (revoked), by key id. */
      API_KEY
    }

    public Revoked {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(id, "id");
    }

    String key() {
      return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
    }
  }

  public Revocations(InvalidationFeed feed, InstantSource clock) {
    this.feed = feed;
    this.clock = clock;
    feed.subscribe(TOPIC, this::learn);
  }

  /** Revokes {@code what} on every node until {@code until} (when everything it covers has expired anyway); joins the caller's transaction. */
  public void revoke(Revoked what, Instant until) {
    feed.publish(TOPIC, what.key(), until);
  }

  /** Whether any of {@code candidates} is revoked; throws {@code DependencyUnavailable} when this node cannot know. */
  public boolean anyRevoked(Collection<Revoked> candidates) {
    feed.requireFresh();
    Instant now = clock.instant();
    for (Revoked candidate : candidates) {
      Instant until = revoked.get(candidate.key());
      if (until != null) {
        if (until.isAfter(now)) {
          return true;
        }
        revoked.remove(candidate.key(), until); // expired: everything it covered has expired too
      }
    }
    return false;
  }

  private void learn(InvalidationLog.Entry entry) {
    revoked.merge(entry.key(), entry.until(), (a, b) -> a.isAfter(b) ? a : b);
    if (revoked.size() > 10_000) {
      Instant now = clock.instant();
      revoked.values().removeIf(until -> !until.isAfter(now));
    }
  }
}
