package dev.portcullis.bootstrap;

import dev.portcullis.application.health.CheckReadinessService.Dependency;
import dev.portcullis.application.health.port.out.DependencyProbe;
import dev.portcullis.bootstrap.config.PortcullisConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * What each configured dependency carries in this deployment, and so what its outage means for
 * readiness. Postgres holds every core path (clients and tokens, API keys, secrets, signing keys):
 * without it the node cannot serve, so it is required. Redis holds shared state whose loss the node
 * survives: it is optional, and its outage only degrades the node — even when it is the session store,
 * because every node shares the one Redis, and taking all of them out of the balancer for a Redis blip
 * would stop token issuance, API keys and secrets too, for no node that could serve sessions better
 * (docs/operations.md, "Readiness").
 */
final class ConfiguredDependencies {
  /** Capabilities a dependency's outage takes away, as the readiness report names them. */
  static final String TOKEN_ISSUANCE = "token_issuance";
  static final String CLIENT_REGISTRATION = "client_registration";
  static final String API_KEYS = "api_keys";
  static final String SECRETS = "secrets";
  static final String SIGNING_KEYS = "signing_keys";
  static final String CONNECTIONS = "connections";
  static final String AUDIT = "audit";
  static final String SESSIONS = "sessions";
  static final String PRIVATE_KEY_JWT = "private_key_jwt";
  /** Nothing fails: other nodes hear of changes at their next read of the invalidation log instead of at once. */
  static final String PROMPT_INVALIDATION = "prompt_invalidation";
  static final String ROOT_KEY_ROTATION = "root_key_rotation";
  /** A node cannot start (it must unwrap the KEKs) while the root key is out. */
  static final String NODE_START = "node_start";

  private ConfiguredDependencies() {}

  static List<Dependency> of(PortcullisConfig config, Collection<DependencyProbe> probes) {
    boolean sessionsServed = config.upstream().isPresent();
    boolean sessionsOnRedis = config.sessions().redisStore() && config.redis().isPresent();
    return probes.stream().sorted(Comparator.comparing(DependencyProbe::name)).map(probe -> switch (probe.name()) {
      case "postgres" -> {
        List<String> affects = new ArrayList<>(List.of(TOKEN_ISSUANCE, CLIENT_REGISTRATION, API_KEYS, SECRETS, SIGNING_KEYS, CONNECTIONS, AUDIT));
        if (sessionsServed && !sessionsOnRedis) {
          affects.add(SESSIONS);
        }
        yield Dependency.required(probe, affects);
      }
      case "redis" -> {
        List<String> affects = new ArrayList<>();
        if (sessionsServed && sessionsOnRedis) {
          affects.add(SESSIONS);
        }
        affects.addAll(List.of(PRIVATE_KEY_JWT, PROMPT_INVALIDATION));
        yield Dependency.optional(probe, affects);
      }
      // KEKs already unwrapped keep serving through an HSM outage; what needs the root key itself stops
      case "root_key" -> Dependency.optional(probe, List.of(ROOT_KEY_ROTATION, NODE_START));
      default -> Dependency.required(probe, List.of()); // unknown: assume the worst
    }).toList();
  }
}
