package dev.portcullis.application.connection;

import java.net.URI;
import java.time.Duration;

/**
 * @param callbackUri our redirect URI at every provider ({@code <issuer>/v1/connect/callback})
 * @param refreshBuffer a token with less than this left is refreshed before it is handed out
 * @param pendingTtl how long an authorization-code start may wait for its callback
 * @param maxPending a cap on outstanding authorization-code starts (memory/DoS bound)
 */
public record ConnectSettings(URI callbackUri, Duration refreshBuffer, Duration pendingTtl, int maxPending) {
  /** How long one node may hold a connection's refresh lease before another may take over. */
  public static final Duration LEASE = Duration.ofSeconds(15);
}
