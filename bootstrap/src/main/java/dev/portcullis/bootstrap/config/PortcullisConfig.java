package dev.portcullis.bootstrap.config;

import dev.portcullis.domain.shared.SecretBytes;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting, parsed and validated in one place ({@link ConfigLoader}). Secret values are
 * {@link SecretBytes}, so printing this record never prints them.
 *
 * @param issuer the configured public base URL; when absent it is {@code http://127.0.0.1:<port>}
 * @param missingForBroker the broker variables that are set-but-incomplete, for readiness to report
 * @param shutdownGrace how long a shutdown waits for in-flight requests once the listener is closed
 * @param rootKey {@code PORTCULLIS_ROOT_KEY}; null only when the root key is in a PKCS#11 token and no environment key is configured
 * @param shutdownDrain how long a shutdown keeps serving, with readiness at 503, before it closes the listener
 */
public record PortcullisConfig(
    Mode mode,
    String httpHost,
    int httpPort,
    Optional<URI> issuer,
    long httpBodyLimitBytes,
    int httpInstances,
    Duration shutdownGrace,
    Duration shutdownDrain,
    Optional<PostgresUrl> postgres,
    int postgresPoolSize,
    Optional<URI> redis,
    String redisKeyPrefix,
    SecretBytes rootKey,
    SecretBytes adminToken,
    boolean rootKeyGenerated,
    boolean adminTokenGenerated,
    LogFormat logFormat,
    Optional<Upstream> upstream,
    List<String> missingForBroker,
    SessionSettings sessions,
    ApiKeySettings apiKeys,
    int secretMaxBytes,
    Duration secretDeleteRetention,
    Duration auditRetention,
    Duration kekRingRefresh,
    dev.portcullis.domain.key.SigningAlgorithm signingAlgorithm,
    Duration signingKeyOverlap,
    Duration tokenMaxLifetime,
    Duration accessTokenLifetime,
    ConnectionSettings connections,
    InvalidationSettings invalidations,
    EgressSettings egress,
    dev.portcullis.application.shared.AuthenticationThrottle.Limits throttle,
    List<String> trustedProxies,
    DeadlineSettings deadlines,
    RootKeySettings rootKeys) {

  /** The issuer for a server listening on {@code port}. */
  public URI issuerFor(int port) {
    return issuer.orElse(URI.create("http://127.0.0.1:" + port));
  }

  public enum LogFormat {
    JSON,
    TEXT
  }
}
