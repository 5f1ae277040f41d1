package dev.portcullis.bootstrap.config;

import java.time.Duration;
import java.util.Set;

/**
 * The BFF session broker's token model ({@code PORTCULLIS_SESSION_*}); the upstream itself is {@link Upstream}.
 *
 * @param redisStore sessions live in Redis instead of Postgres ({@code PORTCULLIS_SESSION_STORE=redis})
 */
public record SessionSettings(Duration accessTokenMaxLifetime, Duration sessionLifetime, Duration refreshGrace, Set<String> identityClaims,
                              boolean redisStore, dev.portcullis.domain.session.OperatorRoles operatorRoles) {
  public SessionSettings {
    identityClaims = Set.copyOf(identityClaims);
  }
}
