package dev.portcullis.application.session;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * @param callbackUri our redirect URI at the upstream ({@code <issuer>/oauth/callback})
 * @param logoutCallbackUri our post-logout redirect URI at the upstream ({@code <issuer>/oauth/logout/callback})
 * @param upstreamScopes what the broker asks the upstream for
 * @param identityClaims ID token claims copied into the session and the BFF JWT ({@code email}, {@code name}, {@code groups})
 * @param accessTokenMaxLifetime BFF access JWTs live at most this long (and never past the upstream access token)
 * @param refreshGrace a retried refresh with an already-rotated token within this window gets the same successor
 */
public record BrokerSettings(String issuer, URI callbackUri, URI logoutCallbackUri, List<String> upstreamScopes, Set<String> identityClaims, Duration accessTokenMaxLifetime,
                             Duration sessionLifetime, Duration refreshGrace, Duration upstreamRefreshAhead, int maxPendingLogins, int maxOutstandingCodes) {
  public static final Duration PENDING_LOGIN_TTL = Duration.ofMinutes(10);
  public static final Duration CODE_TTL = Duration.ofSeconds(60);
}
