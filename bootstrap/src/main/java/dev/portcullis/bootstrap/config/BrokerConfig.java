package dev.portcullis.bootstrap.config;

import static dev.portcullis.bootstrap.config.ConfigKeys.*;

import dev.portcullis.domain.session.OperatorRoles;
import dev.portcullis.domain.shared.SecretBytes;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The session broker's part of the configuration: its upstream OpenID provider ({@code PORTCULLIS_UPSTREAM_*}),
 * its sessions ({@code PORTCULLIS_SESSION_*}) and who may sign in to the admin console through it
 * ({@code PORTCULLIS_CONSOLE_*_GROUPS}). Problems go to the loader's list, reported with all the others.
 */
final class BrokerConfig {
  /** What a partly configured broker lacks (readiness names it); empty when it is configured or not at all. */
  final List<String> missingForBroker;
  final Optional<Upstream> upstream;
  final SessionSettings sessions;

  BrokerConfig(ConfigLoader loader, boolean redisConfigured, boolean serve) {
    List<String> keys = List.of(UPSTREAM_ISSUER, UPSTREAM_CLIENT_ID, UPSTREAM_CLIENT_SECRET);
    List<String> missing = keys.stream().filter(k -> loader.text(k).isEmpty()).toList();
    missingForBroker = missing.size() == keys.size() ? List.of() : missing;
    Optional<Upstream> configured = Optional.empty();
    if (missing.isEmpty()) {
      URI issuer = loader.typed.url(UPSTREAM_ISSUER, loader.text(UPSTREAM_ISSUER).orElseThrow(), Set.of("http", "https"));
      List<String> scopes = Arrays.stream(loader.text(UPSTREAM_SCOPES).orElse("openid profile email offline_access").split("\\s+"))
          .filter(s -> !s.isEmpty()).toList();
      if (issuer != null) {
        configured = Optional.of(new Upstream(issuer, loader.text(UPSTREAM_CLIENT_ID).orElseThrow(),
            SecretBytes.ofUtf8(loader.text(UPSTREAM_CLIENT_SECRET).orElseThrow()), scopes, Duration.ofMillis(loader.integer(UPSTREAM_TIMEOUT, 5_000, 100, 60_000))));
      }
    }
    upstream = configured;
    Set<String> claims = Set.of(loader.text(SESSION_CLAIMS).orElse("email name groups").split("[\\s,]+"));
    if (!Set.of("email", "name", "groups", "").containsAll(claims)) {
      loader.problems.add(SESSION_CLAIMS + " may list only email, name and groups");
    }
    sessions = new SessionSettings(Duration.ofSeconds(loader.integer(SESSION_ACCESS_TOKEN_TTL, 900, 10, 3_600)),
        Duration.ofSeconds(loader.integer(SESSION_LIFETIME, 43_200, 300, 90 * 86_400)), Duration.ofSeconds(loader.integer(SESSION_REFRESH_GRACE, 10, 0, 60)),
        claims.stream().filter(c -> !c.isEmpty()).collect(Collectors.toSet()), sessionStore(loader, redisConfigured, serve),
        operatorRoles(loader, upstream.isPresent()));
  }

  /** {@code postgres} (default) or {@code redis}, which needs PORTCULLIS_REDIS_URL. */
  private static boolean sessionStore(ConfigLoader loader, boolean redisConfigured, boolean serve) {
    String store = loader.text(SESSION_STORE).orElse("postgres");
    if (!Set.of("postgres", "redis").contains(store)) {
      loader.problems.add(SESSION_STORE + " must be postgres or redis");
    } else if (store.equals("redis") && !redisConfigured && serve) {
      loader.problems.add(SESSION_STORE + "=redis needs " + REDIS_URL);
    }
    return store.equals("redis");
  }

  /** Who may sign in to the console through the upstream provider; needs the broker's upstream. */
  private static OperatorRoles operatorRoles(ConfigLoader loader, boolean upstream) {
    Optional<String> admins = loader.text(CONSOLE_ADMIN_GROUPS);
    Optional<String> tenants = loader.text(CONSOLE_TENANT_GROUPS);
    if (admins.isEmpty() && tenants.isEmpty()) {
      return OperatorRoles.NONE;
    }
    if (!upstream) {
      loader.problems.add(CONSOLE_ADMIN_GROUPS + " / " + CONSOLE_TENANT_GROUPS + " need the upstream OpenID provider (PORTCULLIS_UPSTREAM_ISSUER, _CLIENT_ID, _CLIENT_SECRET)");
      return OperatorRoles.NONE;
    }
    try {
      return OperatorRoles.parse(admins.orElse(""), tenants.orElse(""));
    } catch (IllegalArgumentException invalid) {
      loader.problems.add(CONSOLE_TENANT_GROUPS + ": " + invalid.getMessage());
      return OperatorRoles.NONE;
    }
  }
}
