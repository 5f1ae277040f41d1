package dev.portcullis.bootstrap.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The name of every setting: one place to look a variable up, shared by the loader, the features report and the CLI (which registers the secret ones for log redaction). */
public final class ConfigKeys {
  private ConfigKeys() {}

  public static final String HTTP_HOST = "PORTCULLIS_HTTP_HOST";
  public static final String HTTP_PORT = "PORTCULLIS_HTTP_PORT";
  public static final String ISSUER = "PORTCULLIS_ISSUER";
  public static final String HTTP_BODY_LIMIT = "PORTCULLIS_HTTP_BODY_LIMIT";
  public static final String HTTP_INSTANCES = "PORTCULLIS_HTTP_INSTANCES";
  public static final String SHUTDOWN_GRACE = "PORTCULLIS_SHUTDOWN_GRACE_SECONDS";
  public static final String SHUTDOWN_DRAIN = "PORTCULLIS_SHUTDOWN_DRAIN_SECONDS";
  public static final String PG_URL = "PORTCULLIS_PG_URL";
  public static final String PG_POOL_SIZE = "PORTCULLIS_PG_POOL_SIZE";
  public static final String REDIS_URL = "PORTCULLIS_REDIS_URL";
  public static final String REDIS_KEY_PREFIX = "PORTCULLIS_REDIS_KEY_PREFIX";
  public static final String ROOT_KEY = "PORTCULLIS_ROOT_KEY";
  public static final String ROOT_KEY_PROVIDER = "PORTCULLIS_ROOT_KEY_PROVIDER";
  public static final String PKCS11_LIBRARY = "PORTCULLIS_PKCS11_LIBRARY";
  public static final String PKCS11_SLOT = "PORTCULLIS_PKCS11_SLOT";
  public static final String PKCS11_TOKEN_LABEL = "PORTCULLIS_PKCS11_TOKEN_LABEL";
  public static final String PKCS11_KEY_LABEL = "PORTCULLIS_PKCS11_KEY_LABEL";
  public static final String PKCS11_PIN_FILE = "PORTCULLIS_PKCS11_PIN_FILE";
  public static final String PKCS11_TIMEOUT = "PORTCULLIS_PKCS11_TIMEOUT_MS";
  public static final String ADMIN_TOKEN = "PORTCULLIS_ADMIN_TOKEN";
  public static final String LOG_FORMAT = "PORTCULLIS_LOG_FORMAT";
  public static final String CONFIG_FILE = "PORTCULLIS_CONFIG_FILE";
  public static final String UPSTREAM_ISSUER = "PORTCULLIS_UPSTREAM_ISSUER";
  public static final String UPSTREAM_CLIENT_ID = "PORTCULLIS_UPSTREAM_CLIENT_ID";
  public static final String UPSTREAM_CLIENT_SECRET = "PORTCULLIS_UPSTREAM_CLIENT_SECRET";
  public static final String UPSTREAM_SCOPES = "PORTCULLIS_UPSTREAM_SCOPES";
  public static final String UPSTREAM_TIMEOUT = "PORTCULLIS_UPSTREAM_TIMEOUT_MS";
  public static final String SESSION_ACCESS_TOKEN_TTL = "PORTCULLIS_SESSION_ACCESS_TOKEN_TTL_SECONDS";
  public static final String SESSION_LIFETIME = "PORTCULLIS_SESSION_LIFETIME_SECONDS";
  public static final String SESSION_REFRESH_GRACE = "PORTCULLIS_SESSION_REFRESH_GRACE_SECONDS";
  public static final String SESSION_CLAIMS = "PORTCULLIS_SESSION_CLAIMS";
  public static final String SESSION_STORE = "PORTCULLIS_SESSION_STORE";
  public static final String CONSOLE_ADMIN_GROUPS = "PORTCULLIS_CONSOLE_ADMIN_GROUPS";
  public static final String CONSOLE_TENANT_GROUPS = "PORTCULLIS_CONSOLE_TENANT_GROUPS";
  public static final String CONNECT_TIMEOUT = "PORTCULLIS_CONNECT_TIMEOUT_MS";
  public static final String CONNECT_REFRESH_BUFFER = "PORTCULLIS_CONNECT_REFRESH_BUFFER_SECONDS";
  public static final String KEY_RESOLVER_URL = "PORTCULLIS_KEY_RESOLVER_URL";
  public static final String KEY_RESOLVER_SECRET = "PORTCULLIS_KEY_RESOLVER_SECRET";
  public static final String KEY_RESOLVER_TIMEOUT_MS = "PORTCULLIS_KEY_RESOLVER_TIMEOUT_MS";
  public static final String API_KEY_PREFIX = "PORTCULLIS_API_KEY_PREFIX";
  public static final String API_KEY_HEADER = "PORTCULLIS_API_KEY_HEADER";
  public static final String API_KEY_CACHE_TTL = "PORTCULLIS_API_KEY_CACHE_TTL_SECONDS";
  public static final String API_KEY_NEGATIVE_TTL = "PORTCULLIS_API_KEY_NEGATIVE_TTL_SECONDS";
  public static final String API_KEY_CACHE_SIZE = "PORTCULLIS_API_KEY_CACHE_SIZE";
  public static final String API_KEY_ROTATION_GRACE = "PORTCULLIS_API_KEY_ROTATION_GRACE_SECONDS";
  public static final String FORWARD_AUTH_TTL = "PORTCULLIS_FORWARD_AUTH_TOKEN_TTL_SECONDS";
  public static final String FORWARD_AUTH_AUDIENCE = "PORTCULLIS_FORWARD_AUTH_AUDIENCE";
  public static final String SECRET_MAX_BYTES = "PORTCULLIS_SECRET_MAX_BYTES";
  public static final String SECRET_DELETE_RETENTION_DAYS = "PORTCULLIS_SECRET_DELETE_RETENTION_DAYS";
  public static final String AUDIT_RETENTION_DAYS = "PORTCULLIS_AUDIT_RETENTION_DAYS";
  public static final String KEK_RING_REFRESH_MS = "PORTCULLIS_KEK_RING_REFRESH_MS";
  public static final String SIGNING_ALG = "PORTCULLIS_SIGNING_ALG";
  public static final String SIGNING_KEY_OVERLAP = "PORTCULLIS_SIGNING_KEY_OVERLAP_SECONDS";
  public static final String TOKEN_MAX_LIFETIME = "PORTCULLIS_TOKEN_MAX_LIFETIME_SECONDS";
  public static final String ACCESS_TOKEN_TTL = "PORTCULLIS_ACCESS_TOKEN_TTL_SECONDS";
  public static final String INVALIDATION_POLL = "PORTCULLIS_INVALIDATION_POLL_MS";
  public static final String EGRESS_ALLOW = "PORTCULLIS_EGRESS_ALLOW";
  public static final String TRUSTED_PROXIES = "PORTCULLIS_TRUSTED_PROXIES";
  public static final String REQUEST_TIMEOUT = "PORTCULLIS_REQUEST_TIMEOUT_MS";
  public static final String PG_QUERY_TIMEOUT = "PORTCULLIS_PG_QUERY_TIMEOUT_MS";
  public static final String AUTH_FAILURES_PER_SOURCE = "PORTCULLIS_AUTH_FAILURES_PER_SOURCE";
  public static final String AUTH_FAILURES_PER_CREDENTIAL = "PORTCULLIS_AUTH_FAILURES_PER_CREDENTIAL";
  public static final String AUTH_FAILURE_WINDOW = "PORTCULLIS_AUTH_FAILURE_WINDOW_SECONDS";
  public static final String EGRESS_ALLOW_HTTP = "PORTCULLIS_EGRESS_ALLOW_HTTP";
  public static final String INVALIDATION_MAX_STALENESS = "PORTCULLIS_INVALIDATION_MAX_STALENESS_SECONDS";

  /** Variables whose values are secret: never echoed, registered for log redaction. */
  public static final Set<String> SECRET_KEYS = Set.of(ROOT_KEY, ADMIN_TOKEN, UPSTREAM_CLIENT_SECRET, PG_URL, REDIS_URL, KEY_RESOLVER_SECRET);

  /** The raw value of every configured secret, for the log redaction layer. */
  public static List<String> secretValues(Map<String, String> env) {
    List<String> secrets = new ArrayList<>();
    for (String key : SECRET_KEYS) {
      String value = env.get(key);
      if (value != null && !value.isBlank()) {
        secrets.add(value.strip());
        URI uri = ConfigValues.safeUri(value.strip());
        if (uri != null && uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
          String password = uri.getRawUserInfo().substring(uri.getRawUserInfo().indexOf(':') + 1);
          secrets.add(password);
          secrets.add(URLDecoder.decode(password, StandardCharsets.UTF_8));
        }
      }
    }
    return secrets;
  }
}
