package dev.portcullis.bootstrap.config;

import static dev.portcullis.bootstrap.config.ConfigKeys.*;

import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.domain.shared.SecretBytes;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Reads configuration from environment variables and, optionally, a properties file with the same
 * keys ({@code --config FILE} or {@code PORTCULLIS_CONFIG_FILE}); the environment wins. Every problem
 * is collected, so one start-up attempt reports all of them. Messages name the variable and the rule,
 * never the value.
 */
public final class ConfigLoader {
  static final int MIN_ADMIN_TOKEN_LENGTH = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, String> values;
  final List<String> problems = new ArrayList<>();
  final ConfigValues typed = new ConfigValues(problems);

  private ConfigLoader(Map<String, String> values) {
    this.values = values;
  }

  /** Environment over the optional file. {@code configFile} may be null. */
  public static PortcullisConfig load(Mode mode, Map<String, String> env, Path configFile) {
    Map<String, String> merged = new HashMap<>();
    Path file = configFile != null ? configFile : Optional.ofNullable(env.get(CONFIG_FILE)).filter(s -> !s.isBlank()).map(Path::of).orElse(null);
    if (file != null) {
      merged.putAll(readFile(file));
    }
    env.forEach((k, v) -> {
      if (k.startsWith("PORTCULLIS_")) {
        merged.put(k, v);
      }
    });
    return new ConfigLoader(merged).parse(mode);
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException(List.of("config file " + file + " cannot be read: " + e.getClass().getSimpleName()));
    }
    Map<String, String> map = new HashMap<>();
    properties.stringPropertyNames().forEach(k -> map.put(k.strip(), properties.getProperty(k).strip()));
    List<String> unknown = map.keySet().stream().filter(k -> !k.startsWith("PORTCULLIS_")).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new ConfigException(List.of("config file " + file + " has keys that are not PORTCULLIS_ settings: " + unknown));
    }
    return map;
  }

  private PortcullisConfig parse(Mode mode) {
    boolean serve = mode == Mode.SERVE;
    String host = text(HTTP_HOST).orElse(serve ? "0.0.0.0" : "127.0.0.1");
    int port = integer(HTTP_PORT, 8080, 0, 65_535);
    Optional<URI> issuer = text(ISSUER).map(v -> typed.issuer(v, serve));
    long bodyLimit = integer(HTTP_BODY_LIMIT, 1_048_576, 1_024, 64 * 1_048_576);
    int instances = integer(HTTP_INSTANCES, Math.max(2, 2 * Runtime.getRuntime().availableProcessors()), 1, 256);
    Duration grace = Duration.ofSeconds(integer(SHUTDOWN_GRACE, 10, 0, 300));
    // dev: nothing balances traffic onto a laptop, so Ctrl-C stops at once
    Duration drain = Duration.ofSeconds(integer(SHUTDOWN_DRAIN, serve ? 5 : 0, 0, 300));
    Optional<PostgresUrl> postgres = text(PG_URL).flatMap(typed::postgresUrl);
    if (serve && text(PG_URL).isEmpty()) {
      problems.add(PG_URL + " is required by 'serve' (postgresql://user[:password]@host:port/database)");
    }
    int poolSize = integer(PG_POOL_SIZE, 10, 1, 200);
    Optional<URI> redis = text(REDIS_URL).flatMap(typed::redisUrl);
    String redisPrefix = text(REDIS_KEY_PREFIX).orElse("portcullis:");

    boolean rootKeyGenerated = false;
    SecretBytes rootKey = text(ROOT_KEY).map(v -> typed.rootKey(SecretBytes.ofUtf8(v))).orElse(null);
    RootKeySettings rootKeys = rootKeySettings();
    if (rootKey == null && text(ROOT_KEY).isEmpty() && rootKeys.provider() == RootKeySettings.Provider.ENVIRONMENT) {
      if (serve) {
        problems.add(ROOT_KEY + " is required by 'serve' (base64 of 32 random bytes, or a Tink JSON keyset; 'portcullis keygen' prints one)");
      } else {
        rootKey = RootKeys.generate();
        rootKeyGenerated = true;
      }
    }
    boolean adminTokenGenerated = false;
    SecretBytes adminToken = text(ADMIN_TOKEN).map(typed::adminToken).orElse(null);
    if (adminToken == null && text(ADMIN_TOKEN).isEmpty()) {
      if (serve) {
        problems.add(ADMIN_TOKEN + " is required by 'serve' (at least " + MIN_ADMIN_TOKEN_LENGTH + " characters of random text)");
      } else {
        adminToken = generateAdminToken();
        adminTokenGenerated = true;
      }
    }
    PortcullisConfig.LogFormat logFormat = text(LOG_FORMAT).map(typed::logFormat)
        .orElse(serve ? PortcullisConfig.LogFormat.JSON : PortcullisConfig.LogFormat.TEXT);

    BrokerConfig broker = new BrokerConfig(this, redis.isPresent(), serve);
    Optional<Upstream> upstream = broker.upstream;
    List<String> missingForBroker = broker.missingForBroker;
    SessionSettings sessions = broker.sessions;
    ApiKeySettings apiKeys = ApiKeysConfig.parse(this);
    ConnectionSettings connections = new ConnectionSettings(Duration.ofMillis(integer(CONNECT_TIMEOUT, 5_000, 100, 60_000)),
        Duration.ofSeconds(integer(CONNECT_REFRESH_BUFFER, 30, 0, 3_600)));
    int secretMaxBytes = integer(SECRET_MAX_BYTES, 65_536, 1, 16 * 1_048_576);
    Duration deleteRetention = Duration.ofDays(integer(SECRET_DELETE_RETENTION_DAYS, 30, 0, 36_500));
    Duration auditRetention = Duration.ofDays(integer(AUDIT_RETENTION_DAYS, 2555, 1, 36_500));
    Duration kekRingRefresh = Duration.ofMillis(integer(KEK_RING_REFRESH_MS, 5_000, 10, 3_600_000));
    dev.portcullis.domain.key.SigningAlgorithm signingAlgorithm = text(SIGNING_ALG).map(typed::signingAlgorithm).orElse(dev.portcullis.domain.key.SigningAlgorithm.ES256);
    Duration signingKeyOverlap = Duration.ofSeconds(integer(SIGNING_KEY_OVERLAP, 600, 0, 7 * 86_400));
    Duration tokenMaxLifetime = Duration.ofSeconds(integer(TOKEN_MAX_LIFETIME, 3_600, 60, 30 * 86_400));
    Duration accessTokenLifetime = Duration.ofSeconds(integer(ACCESS_TOKEN_TTL, 300, 10, 86_400));
    if (sessions.accessTokenMaxLifetime().compareTo(tokenMaxLifetime) > 0) {
      problems.add(SESSION_ACCESS_TOKEN_TTL + " must not exceed " + TOKEN_MAX_LIFETIME + " (retired signing keys stay published only that long)");
    }
    if (apiKeys.forwardTokenLifetime().compareTo(tokenMaxLifetime) > 0) {
      problems.add(FORWARD_AUTH_TTL + " must not exceed " + TOKEN_MAX_LIFETIME + " (retired signing keys stay published only that long)");
    }
    if (accessTokenLifetime.compareTo(tokenMaxLifetime) > 0) {
      problems.add(ACCESS_TOKEN_TTL + " must not exceed " + TOKEN_MAX_LIFETIME + " (retired signing keys stay published only that long)");
    }

    InvalidationSettings invalidations = new InvalidationSettings(Duration.ofMillis(integer(INVALIDATION_POLL, 1_000, 50, 60_000)),
        Duration.ofSeconds(integer(INVALIDATION_MAX_STALENESS, 5, 1, 3_600)));
    if (invalidations.maxStaleness().compareTo(invalidations.poll().multipliedBy(2)) < 0) {
      problems.add(INVALIDATION_MAX_STALENESS + " must be at least twice " + INVALIDATION_POLL + ", or every missed poll would refuse cached answers");
    }
    List<String> egressAllow = Arrays.stream(text(EGRESS_ALLOW).orElse("").split("[\\s,]+")).filter(e -> !e.isEmpty()).toList();
    for (String entry : egressAllow) {
      dev.portcullis.adapter.webclient.EgressRules.invalidEntry(entry)
          .ifPresent(problem -> problems.add(EGRESS_ALLOW + " entries must be CIDRs (10.1.0.0/16), addresses or host names; one is " + problem));
    }
    EgressSettings egress = new EgressSettings(egressAllow, bool(EGRESS_ALLOW_HTTP, !serve));
    var defaults = dev.portcullis.application.shared.AuthenticationThrottle.Limits.DEFAULT;
    var throttle = new dev.portcullis.application.shared.AuthenticationThrottle.Limits(integer(AUTH_FAILURES_PER_SOURCE, defaults.perSource(), 1, 1_000_000),
        integer(AUTH_FAILURES_PER_CREDENTIAL, defaults.perCredential(), 1, 1_000_000),
        Duration.ofSeconds(integer(AUTH_FAILURE_WINDOW, (int) defaults.window().toSeconds(), 1, 86_400)));
    List<String> trustedProxies = Arrays.stream(text(TRUSTED_PROXIES).orElse("").split("[\\s,]+")).filter(e -> !e.isEmpty()).toList();
    for (String proxy : trustedProxies) {
      try {
        dev.portcullis.domain.shared.Cidr.parse(proxy);
      } catch (IllegalArgumentException e) {
        problems.add(TRUSTED_PROXIES + " entries must be CIDRs (10.0.0.0/8) or addresses");
      }
    }
    DeadlineSettings deadlines = new DeadlineSettings(Duration.ofMillis(integer(REQUEST_TIMEOUT, 10_000, 500, 600_000)),
        Duration.ofMillis(integer(PG_QUERY_TIMEOUT, 5_000, 100, 600_000)));
    if (deadlines.postgresQuery().compareTo(deadlines.request()) > 0) {
      problems.add(PG_QUERY_TIMEOUT + " must not exceed " + REQUEST_TIMEOUT + ": a statement would outlive the request that waits for it");
    }
    if (apiKeys.forwardAudience().isPresent() && issuer.isPresent() && apiKeys.forwardAudience().get().equals(issuer.get().toString())) {
      problems.add(FORWARD_AUTH_AUDIENCE + " must differ from the issuer: forwarded tokens must never be accepted by Portcullis's own API");
    }

    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new PortcullisConfig(mode, host, port, issuer, bodyLimit, instances, grace, drain, postgres, poolSize, redis, redisPrefix,
        rootKey, adminToken, rootKeyGenerated, adminTokenGenerated, logFormat, upstream,
        missingForBroker, sessions, apiKeys,
        secretMaxBytes, deleteRetention, auditRetention, kekRingRefresh, signingAlgorithm, signingKeyOverlap, tokenMaxLifetime, accessTokenLifetime, connections,
        invalidations, egress, throttle, trustedProxies, deadlines, rootKeys);
  }

  /** {@code PORTCULLIS_ROOT_KEY_PROVIDER} and the PKCS#11 token; the PIN is read from its file by the adapter, never held here. */
  private RootKeySettings rootKeySettings() {
    String provider = text(ROOT_KEY_PROVIDER).orElse("environment").toLowerCase(Locale.ROOT);
    if (!Set.of("environment", "pkcs11").contains(provider)) {
      problems.add(ROOT_KEY_PROVIDER + " must be environment or pkcs11");
      provider = "environment";
    }
    List<String> tokenKeys = List.of(PKCS11_LIBRARY, PKCS11_SLOT, PKCS11_TOKEN_LABEL, PKCS11_KEY_LABEL, PKCS11_PIN_FILE);
    boolean tokenConfigured = tokenKeys.stream().anyMatch(k -> text(k).isPresent());
    Optional<dev.portcullis.adapter.pkcs11.Pkcs11Settings> pkcs11 = Optional.empty();
    if (provider.equals("pkcs11") || tokenConfigured) {
      List<String> missing = new ArrayList<>();
      for (String key : List.of(PKCS11_LIBRARY, PKCS11_KEY_LABEL, PKCS11_PIN_FILE)) {
        if (text(key).isEmpty()) {
          missing.add(key);
        }
      }
      if (text(PKCS11_SLOT).isPresent() == text(PKCS11_TOKEN_LABEL).isPresent()) {
        missing.add("exactly one of " + PKCS11_SLOT + " and " + PKCS11_TOKEN_LABEL);
      }
      Optional<Long> slot = Optional.empty();
      if (text(PKCS11_SLOT).isPresent()) {
        try {
          slot = Optional.of(Long.parseUnsignedLong(text(PKCS11_SLOT).get()));
        } catch (NumberFormatException e) {
          problems.add(PKCS11_SLOT + " must be a slot id (a whole number; softhsm2-util --show-slots or pkcs11-tool -L lists them)");
        }
      }
      Duration timeout = Duration.ofMillis(integer(PKCS11_TIMEOUT, 2_000, 100, 60_000));
      if (!missing.isEmpty()) {
        problems.add("the PKCS#11 root key needs " + String.join(", ", missing));
      } else if (!Files.isReadable(Path.of(text(PKCS11_PIN_FILE).get()))) {
        problems.add(PKCS11_PIN_FILE + " names a file this process cannot read");
      } else if (!Files.isRegularFile(Path.of(text(PKCS11_LIBRARY).get()))) {
        problems.add(PKCS11_LIBRARY + " names no file (the token's PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so)");
      } else if (text(PKCS11_KEY_LABEL).get().length() > 64) {
        problems.add(PKCS11_KEY_LABEL + " must be at most 64 characters");
      } else if (text(PKCS11_SLOT).isEmpty() || slot.isPresent()) {
        pkcs11 = Optional.of(new dev.portcullis.adapter.pkcs11.Pkcs11Settings(Path.of(text(PKCS11_LIBRARY).get()), slot, text(PKCS11_TOKEN_LABEL),
            text(PKCS11_KEY_LABEL).get(), Path.of(text(PKCS11_PIN_FILE).get()), timeout));
      }
    }
    return new RootKeySettings(provider.equals("pkcs11") ? RootKeySettings.Provider.PKCS11 : RootKeySettings.Provider.ENVIRONMENT, pkcs11);
  }

  /** Only what {@code migrate} needs: the Postgres URL (required) and the pool size. */
  public static PortcullisConfig loadForMigrate(Map<String, String> env, Path configFile) {
    Map<String, String> relaxed = new HashMap<>(env);
    // migrate touches no key material; stand-ins keep the shared validation path simple
    relaxed.remove(ROOT_KEY);
    relaxed.remove(ADMIN_TOKEN);
    PortcullisConfig dev = load(Mode.DEV, relaxed, configFile);
    if (dev.postgres().isEmpty()) {
      throw new ConfigException(List.of(PG_URL + " is required by 'migrate' and 'audit prune' (postgresql://user[:password]@host:port/database)"));
    }
    return dev;
  }

  Optional<String> text(String key) {
    String value = values.get(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  private boolean bool(String key, boolean fallback) {
    Optional<String> raw = text(key);
    if (raw.isEmpty()) {
      return fallback;
    }
    if (!Set.of("true", "false").contains(raw.get().toLowerCase(Locale.ROOT))) {
      problems.add(key + " must be true or false");
      return fallback;
    }
    return Boolean.parseBoolean(raw.get());
  }

  int integer(String key, int fallback, int min, int max) {
    Optional<String> raw = text(key);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.get());
      if (value < min || value > max) {
        problems.add(key + " must be between " + min + " and " + max + " (it is " + value + ")");
        return fallback;
      }
      return value;
    } catch (NumberFormatException e) {
      problems.add(key + " must be a whole number between " + min + " and " + max);
      return fallback;
    }
  }

  private static SecretBytes generateAdminToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return SecretBytes.ofUtf8(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

}
