package dev.portcullis.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.adapter.crypto.RootKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String ADMIN = "admin-token-sentinel-5f0c9b7e6a1d2c3b4a59";
  private static final String ROOT = RootKeys.generate().revealUtf8();

  private static Map<String, String> serveEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("PORTCULLIS_PG_URL", "postgresql://portcullis:pg-pass-sentinel-77@db.internal:6543/portcullis");
    env.put("PORTCULLIS_ROOT_KEY", ROOT);
    env.put("PORTCULLIS_ADMIN_TOKEN", ADMIN);
    return env;
  }

  @Test
  void dev_needs_nothing_and_generates_the_credentials() {
    PortcullisConfig config = ConfigLoader.load(Mode.DEV, Map.of(), null);

    assertThat(config.httpHost()).isEqualTo("127.0.0.1");
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.issuerFor(8080)).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(config.adminTokenGenerated()).isTrue();
    assertThat(config.rootKeyGenerated()).isTrue();
    assertThat(config.adminToken().length()).isGreaterThanOrEqualTo(32);
    assertThat(config.logFormat()).isEqualTo(PortcullisConfig.LogFormat.TEXT);
  }

  @Test
  void serve_parses_every_setting_into_typed_values() {
    Map<String, String> env = serveEnv();
    env.put("PORTCULLIS_HTTP_PORT", "9000");
    env.put("PORTCULLIS_ISSUER", "https://auth.example.com/");
    env.put("PORTCULLIS_REDIS_URL", "redis://cache:6380/2");
    env.put("PORTCULLIS_PG_POOL_SIZE", "25");
    env.put("PORTCULLIS_SHUTDOWN_GRACE_SECONDS", "3");

    PortcullisConfig config = ConfigLoader.load(Mode.SERVE, env, null);

    assertThat(config.httpHost()).isEqualTo("0.0.0.0");
    assertThat(config.httpPort()).isEqualTo(9000);
    assertThat(config.issuerFor(9000)).isEqualTo(URI.create("https://auth.example.com"));
    assertThat(config.postgres()).hasValueSatisfying(pg -> {
      assertThat(pg.host()).isEqualTo("db.internal");
      assertThat(pg.port()).isEqualTo(6543);
      assertThat(pg.database()).isEqualTo("portcullis");
      assertThat(pg.user()).isEqualTo("portcullis");
      assertThat(pg.password().revealUtf8()).isEqualTo("pg-pass-sentinel-77");
    });
    assertThat(config.postgresPoolSize()).isEqualTo(25);
    assertThat(config.redis()).hasValue(URI.create("redis://cache:6380/2"));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.logFormat()).isEqualTo(PortcullisConfig.LogFormat.JSON);
    assertThat(config.adminTokenGenerated()).isFalse();
  }

  @Test
  void serve_refuses_to_start_without_postgres_root_key_and_admin_token_and_names_each() {
    assertThatThrownBy(() -> ConfigLoader.load(Mode.SERVE, Map.of(), null))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("PORTCULLIS_PG_URL is required"))
            .anySatisfy(p -> assertThat(p).startsWith("PORTCULLIS_ROOT_KEY is required"))
            .anySatisfy(p -> assertThat(p).startsWith("PORTCULLIS_ADMIN_TOKEN is required")));
  }

  @Test
  void the_root_key_in_a_pkcs11_token_replaces_the_environment_key_and_its_settings_are_checked_together(@TempDir Path dir) throws IOException {
    Path pin = Files.writeString(dir.resolve("pin"), "1234\n");
    Path library = Files.writeString(dir.resolve("libtoken.so"), "");
    Map<String, String> base = Map.of("PORTCULLIS_PG_URL", "postgresql://p@db:5432/portcullis", "PORTCULLIS_ADMIN_TOKEN", "a".repeat(40),
        "PORTCULLIS_ROOT_KEY_PROVIDER", "pkcs11");
    Map<String, String> token = new java.util.HashMap<>(base);
    token.putAll(Map.of("PORTCULLIS_PKCS11_LIBRARY", library.toString(), "PORTCULLIS_PKCS11_TOKEN_LABEL", "prod", "PORTCULLIS_PKCS11_KEY_LABEL", "root",
        "PORTCULLIS_PKCS11_PIN_FILE", pin.toString()));

    PortcullisConfig config = ConfigLoader.load(Mode.SERVE, token, null);
    assertThat(config.rootKey()).as("no environment key needed").isNull();
    assertThat(config.rootKeys().provider()).isEqualTo(RootKeySettings.Provider.PKCS11);
    assertThat(config.rootKeys().pkcs11()).hasValueSatisfying(t -> {
      assertThat(t.tokenLabel()).hasValue("prod");
      assertThat(t.keyLabel()).isEqualTo("root");
      assertThat(t.timeout()).isEqualTo(Duration.ofSeconds(2));
    });

    assertThatThrownBy(() -> ConfigLoader.load(Mode.SERVE, base, null)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("the PKCS#11 root key needs PORTCULLIS_PKCS11_LIBRARY, PORTCULLIS_PKCS11_KEY_LABEL, "
            + "PORTCULLIS_PKCS11_PIN_FILE, exactly one of PORTCULLIS_PKCS11_SLOT and PORTCULLIS_PKCS11_TOKEN_LABEL")));
    Map<String, String> both = new java.util.HashMap<>(token);
    both.put("PORTCULLIS_PKCS11_SLOT", "7");
    assertThatThrownBy(() -> ConfigLoader.load(Mode.SERVE, both, null)).isInstanceOfSatisfying(ConfigException.class,
        e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("exactly one of PORTCULLIS_PKCS11_SLOT and PORTCULLIS_PKCS11_TOKEN_LABEL")));
    Map<String, String> unreadable = new java.util.HashMap<>(token);
    unreadable.put("PORTCULLIS_PKCS11_PIN_FILE", dir.resolve("missing").toString());
    assertThatThrownBy(() -> ConfigLoader.load(Mode.SERVE, unreadable, null)).isInstanceOfSatisfying(ConfigException.class,
        e -> assertThat(e.problems()).containsExactly("PORTCULLIS_PKCS11_PIN_FILE names a file this process cannot read"));
    Map<String, String> unknown = new java.util.HashMap<>(token);
    unknown.put("PORTCULLIS_ROOT_KEY_PROVIDER", "kms");
    assertThatThrownBy(() -> ConfigLoader.load(Mode.SERVE, unknown, null)).isInstanceOfSatisfying(ConfigException.class,
        e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p).isEqualTo("PORTCULLIS_ROOT_KEY_PROVIDER must be environment or pkcs11")));
  }

  @Test
  void malformed_values_are_reported_together_by_variable_without_echoing_secrets() {
    Map<String, String> env = new HashMap<>();
    env.put("PORTCULLIS_HTTP_PORT", "eighty");
    env.put("PORTCULLIS_PG_URL", "mysql://u:pg-pass-sentinel-77@h/db");
    env.put("PORTCULLIS_REDIS_URL", "http://:redis-pass-sentinel-88@x");
    env.put("PORTCULLIS_ROOT_KEY", "root-key-sentinel-99-not-base64!");
    env.put("PORTCULLIS_ADMIN_TOKEN", "short-admin-sentinel");
    env.put("PORTCULLIS_LOG_FORMAT", "xml");

    ConfigException failure = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> ConfigLoader.load(Mode.SERVE, env, null));

    assertThat(failure.problems()).hasSize(6);
    assertThat(failure.problems()).anySatisfy(p -> assertThat(p).startsWith("PORTCULLIS_HTTP_PORT must be a whole number"));
    assertThat(failure.problems()).anySatisfy(p -> assertThat(p).startsWith("PORTCULLIS_PG_URL must look like postgresql://"));
    assertThat(failure.problems()).anySatisfy(p -> assertThat(p).startsWith("PORTCULLIS_REDIS_URL must look like redis://"));
    assertThat(failure.problems()).anySatisfy(p -> assertThat(p).startsWith("PORTCULLIS_ROOT_KEY must be base64 of 32 random bytes"));
    assertThat(failure.problems()).anySatisfy(p -> assertThat(p).startsWith("PORTCULLIS_ADMIN_TOKEN must be at least 32 characters"));
    assertThat(failure.getMessage()).doesNotContain("pg-pass-sentinel").doesNotContain("redis-pass-sentinel")
        .doesNotContain("root-key-sentinel").doesNotContain("short-admin-sentinel");
  }

  @Test
  void console_operator_groups_are_parsed_and_need_the_upstream_provider() {
    Map<String, String> env = serveEnv();
    env.put("PORTCULLIS_CONSOLE_ADMIN_GROUPS", "admins,platform-ops");
    env.put("PORTCULLIS_CONSOLE_TENANT_GROUPS", "shop-ops=shop:secrets:read secrets:write; bank-audit=bank:audit:read");
    assertThatThrownBy(() -> ConfigLoader.load(Mode.SERVE, env, null)).isInstanceOfSatisfying(ConfigException.class,
        e -> assertThat(e.problems()).anyMatch(p -> p.contains("need the upstream OpenID provider")));

    env.put("PORTCULLIS_UPSTREAM_ISSUER", "https://idp.example.com");
    env.put("PORTCULLIS_UPSTREAM_CLIENT_ID", "portcullis");
    env.put("PORTCULLIS_UPSTREAM_CLIENT_SECRET", "upstream-secret-sentinel");
    var roles = ConfigLoader.load(Mode.SERVE, env, null).sessions().operatorRoles();
    assertThat(roles.adminGroups()).containsExactlyInAnyOrder("admins", "platform-ops");
    assertThat(roles.tenantGroups().get("shop-ops").scopes()).containsExactlyInAnyOrder("secrets:read", "secrets:write");
    assertThat(ConfigLoader.load(Mode.SERVE, serveEnv(), null).sessions().operatorRoles().enabled()).as("off unless configured").isFalse();

    env.put("PORTCULLIS_CONSOLE_TENANT_GROUPS", "shop-ops=shop");
    assertThatThrownBy(() -> ConfigLoader.load(Mode.SERVE, env, null)).isInstanceOfSatisfying(ConfigException.class,
        e -> assertThat(e.problems()).anyMatch(p -> p.startsWith("PORTCULLIS_CONSOLE_TENANT_GROUPS: ") && p.contains("group=tenant:scope")));
  }

  @Test
  void rfc8414_2_the_issuer_must_be_https_outside_loopback_and_have_no_query() {
    Map<String, String> env = serveEnv();
    env.put("PORTCULLIS_ISSUER", "http://auth.example.com/?tenant=x");

    assertThatThrownBy(() -> ConfigLoader.load(Mode.SERVE, env, null))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).contains("must use https"))
            .anySatisfy(p -> assertThat(p).contains("must not have a query")));
  }

  @Test
  void a_loopback_http_issuer_is_fine_for_local_serve() {
    Map<String, String> env = serveEnv();
    env.put("PORTCULLIS_ISSUER", "http://127.0.0.1:8080");

    assertThat(ConfigLoader.load(Mode.SERVE, env, null).issuerFor(8080)).isEqualTo(URI.create("http://127.0.0.1:8080"));
  }

  @Test
  void the_shutdown_drain_is_5_seconds_in_serve_0_in_dev_and_may_be_set_to_0() {
    Map<String, String> env = serveEnv();
    env.put("PORTCULLIS_SHUTDOWN_DRAIN_SECONDS", "0");

    assertThat(ConfigLoader.load(Mode.SERVE, serveEnv(), null).shutdownDrain()).isEqualTo(Duration.ofSeconds(5));
    assertThat(ConfigLoader.load(Mode.DEV, Map.of(), null).shutdownDrain()).as("Ctrl-C stays snappy").isZero();
    assertThat(ConfigLoader.load(Mode.SERVE, env, null).shutdownDrain()).isZero();
    assertThat(ConfigLoader.load(Mode.DEV, Map.of("PORTCULLIS_SHUTDOWN_DRAIN_SECONDS", "3"), null).shutdownDrain()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void deadlines_default_to_10_s_per_request_and_5_s_per_statement_and_a_statement_may_not_outlive_its_request() {
    PortcullisConfig defaults = ConfigLoader.load(Mode.DEV, Map.of(), null);
    assertThat(defaults.deadlines().request()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.deadlines().postgresQuery()).isEqualTo(Duration.ofSeconds(5));
    assertThat(ConfigLoader.load(Mode.DEV, Map.of("PORTCULLIS_REQUEST_TIMEOUT_MS", "2000", "PORTCULLIS_PG_QUERY_TIMEOUT_MS", "800"), null)
        .deadlines().postgresQuery()).isEqualTo(Duration.ofMillis(800));

    assertThatThrownBy(() -> ConfigLoader.load(Mode.DEV, Map.of("PORTCULLIS_REQUEST_TIMEOUT_MS", "2000", "PORTCULLIS_PG_QUERY_TIMEOUT_MS", "3000"), null))
        .hasMessageContaining("PORTCULLIS_PG_QUERY_TIMEOUT_MS must not exceed PORTCULLIS_REQUEST_TIMEOUT_MS");
    assertThatThrownBy(() -> ConfigLoader.load(Mode.DEV, Map.of("PORTCULLIS_REQUEST_TIMEOUT_MS", "10"), null))
        .hasMessageContaining("PORTCULLIS_REQUEST_TIMEOUT_MS must be between 500 and 600000");
  }

  @Test
  void the_shutdown_drain_is_validated_like_the_other_durations() {
    assertThatThrownBy(() -> ConfigLoader.load(Mode.DEV, Map.of("PORTCULLIS_SHUTDOWN_DRAIN_SECONDS", "-1"), null))
        .hasMessageContaining("PORTCULLIS_SHUTDOWN_DRAIN_SECONDS must be between 0 and 300");
    assertThatThrownBy(() -> ConfigLoader.load(Mode.DEV, Map.of("PORTCULLIS_SHUTDOWN_DRAIN_SECONDS", "301"), null))
        .hasMessageContaining("PORTCULLIS_SHUTDOWN_DRAIN_SECONDS must be between 0 and 300");
    assertThatThrownBy(() -> ConfigLoader.load(Mode.DEV, Map.of("PORTCULLIS_SHUTDOWN_DRAIN_SECONDS", "5s"), null))
        .hasMessageContaining("PORTCULLIS_SHUTDOWN_DRAIN_SECONDS must be a whole number between 0 and 300");
  }

  @Test
  void out_of_range_numbers_name_the_allowed_range() {
    assertThatThrownBy(() -> ConfigLoader.load(Mode.DEV, Map.of("PORTCULLIS_HTTP_PORT", "70000"), null))
        .hasMessageContaining("PORTCULLIS_HTTP_PORT must be between 0 and 65535");
  }

  @Test
  void a_config_file_provides_settings_and_the_environment_wins(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("portcullis.properties");
    Files.writeString(file, "PORTCULLIS_HTTP_PORT=7000\nPORTCULLIS_HTTP_HOST=0.0.0.0\n");

    PortcullisConfig config = ConfigLoader.load(Mode.DEV, Map.of("PORTCULLIS_HTTP_PORT", "7001"), file);

    assertThat(config.httpPort()).isEqualTo(7001);
    assertThat(config.httpHost()).isEqualTo("0.0.0.0");
  }

  @Test
  void a_config_file_with_unknown_keys_is_refused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("portcullis.properties");
    Files.writeString(file, "HTTP_PORT=7000\n");

    assertThatThrownBy(() -> ConfigLoader.load(Mode.DEV, Map.of(), file)).hasMessageContaining("HTTP_PORT");
  }

  @Test
  void the_broker_is_off_without_its_settings_and_reports_which_are_missing() {
    PortcullisConfig none = ConfigLoader.load(Mode.DEV, Map.of(), null);
    PortcullisConfig partial = ConfigLoader.load(Mode.DEV, Map.of("PORTCULLIS_UPSTREAM_ISSUER", "http://127.0.0.1:9090"), null);

    assertThat(none.upstream()).isEmpty();
    assertThat(none.missingForBroker()).isEmpty();
    assertThat(partial.upstream()).isEmpty();
    assertThat(partial.missingForBroker()).containsExactly("PORTCULLIS_UPSTREAM_CLIENT_ID", "PORTCULLIS_UPSTREAM_CLIENT_SECRET");
  }

  @Test
  void printing_the_config_never_prints_a_secret() {
    PortcullisConfig config = ConfigLoader.load(Mode.SERVE, serveEnv(), null);

    assertThat(config.toString()).doesNotContain(ADMIN).doesNotContain(ROOT).doesNotContain("pg-pass-sentinel-77");
  }

  @Test
  void the_redaction_list_holds_every_secret_value_including_url_passwords() {
    Map<String, String> env = serveEnv();
    env.put("PORTCULLIS_REDIS_URL", "redis://:redis%2Fpass-sentinel@cache:6379/0");

    assertThat(ConfigKeys.secretValues(env)).contains(ADMIN, ROOT, "pg-pass-sentinel-77", "redis/pass-sentinel", "redis%2Fpass-sentinel");
  }

  @Test
  void api_key_settings_have_defaults_and_every_mistake_is_named() {
    PortcullisConfig defaults = ConfigLoader.load(Mode.DEV, Map.of(), null);
    assertThat(defaults.apiKeys().prefix()).isEqualTo("pcl");
    assertThat(defaults.apiKeys().header()).isEqualTo("X-Api-Key");
    assertThat(defaults.apiKeys().positiveTtl()).hasSeconds(60);
    assertThat(defaults.apiKeys().negativeTtl()).hasSeconds(10);
    assertThat(defaults.apiKeys().resolver()).isEmpty();

    Map<String, String> bad = Map.of("PORTCULLIS_API_KEY_PREFIX", "Bad_Prefix", "PORTCULLIS_API_KEY_HEADER", "Authorization",
        "PORTCULLIS_KEY_RESOLVER_URL", "https://keys.internal", "PORTCULLIS_FORWARD_AUTH_TOKEN_TTL_SECONDS", "3600",
        "PORTCULLIS_TOKEN_MAX_LIFETIME_SECONDS", "600");
    assertThatThrownBy(() -> ConfigLoader.load(Mode.DEV, bad, null))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).startsWith("PORTCULLIS_API_KEY_PREFIX"))
            .anySatisfy(p -> assertThat(p).startsWith("PORTCULLIS_API_KEY_HEADER"))
            .anySatisfy(p -> assertThat(p).startsWith("PORTCULLIS_KEY_RESOLVER_SECRET"))
            .anySatisfy(p -> assertThat(p).startsWith("PORTCULLIS_FORWARD_AUTH_TOKEN_TTL_SECONDS")));
  }
}
