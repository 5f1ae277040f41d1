package dev.portcullis.bootstrap;

import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.bootstrap.config.ConfigLoader;
import dev.portcullis.bootstrap.config.Mode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import dev.portcullis.testsupport.TestPostgres;
import dev.portcullis.testsupport.TestRedis;

/** Test fixture: the dev wiring (in-memory adapters) on a random port, and a small HTTP client for it. */
public final class DevServer implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Portcullis.Running running;

  private DevServer(Portcullis.Running running) {
    this.running = running;
  }

  /** @param env further PORTCULLIS_* settings as name, value pairs */
  public static DevServer start(String adminToken, String... env) {
    return new DevServer(Portcullis.start(ConfigLoader.load(Mode.DEV, settings(adminToken, env), null)));
  }

  /** The dev wiring with the clock of the test: expiries and intervals without sleeping. */
  public static DevServer startWithClock(java.time.InstantSource clock, String adminToken, String... env) {
    return new DevServer(Portcullis.start(ConfigLoader.load(Mode.DEV, settings(adminToken, env), null),
        binder -> binder.bind(java.time.InstantSource.class).toInstance(clock)));
  }

  /** The dev wiring with bindings of the test's own (a route contributor only tests have, for instance). */
  public static DevServer startWith(com.google.inject.Module overrides, String adminToken, String... env) {
    return new DevServer(Portcullis.start(ConfigLoader.load(Mode.DEV, settings(adminToken, env), null), overrides));
  }

  /**
   * The {@code serve} wiring on a fresh Postgres database and this run's Redis prefix, with a
   * generated root key: the real adapters behind the same HTTP API.
   */
  public static DevServer serve(String adminToken, String databaseLabel, String... env) {
    String[] withRootKey = java.util.Arrays.copyOf(env, env.length + 2);
    withRootKey[env.length] = "PORTCULLIS_ROOT_KEY";
    withRootKey[env.length + 1] = RootKeys.generate().revealUtf8();
    return serveOn(TestPostgres.get().freshDatabase(databaseLabel), adminToken, withRootKey);
  }

  /** Another node of a deployment: the {@code serve} wiring on {@code database} (pass the deployment's PORTCULLIS_ROOT_KEY). */
  public static DevServer serveOn(TestPostgres database, String adminToken, String... env) {
    return serveOn(database, database.port(), adminToken, env);
  }

  /**
   * The {@code serve} wiring reaching Postgres through {@link dev.portcullis.testsupport.TcpProxy} at
   * {@code postgresPort} (a test can cut it), with a generated root key.
   */
  public static DevServer serveThrough(int postgresPort, TestPostgres database, String adminToken, String... env) {
    String[] withRootKey = java.util.Arrays.copyOf(env, env.length + 2);
    withRootKey[env.length] = "PORTCULLIS_ROOT_KEY";
    withRootKey[env.length + 1] = RootKeys.generate().revealUtf8();
    return serveOn(database, postgresPort, adminToken, withRootKey);
  }

  private static DevServer serveOn(TestPostgres database, int postgresPort, String adminToken, String... env) {
    return serveVia(database, postgresPort, TestRedis.get().url(), adminToken, env);
  }

  /**
   * The {@code serve} wiring reaching Postgres at {@code postgresPort} and Redis at {@code redisUrl}
   * (either possibly through a {@link dev.portcullis.testsupport.TcpProxy} the test can cut or
   * blackhole: {@link #redisVia(int)}), with a generated root key unless {@code env} has one.
   */
  public static DevServer serveVia(TestPostgres database, int postgresPort, String redisUrl, String adminToken, String... env) {
    Map<String, String> settings = settings(adminToken, env);
    settings.putIfAbsent("PORTCULLIS_ROOT_KEY", RootKeys.generate().revealUtf8());
    settings.put("PORTCULLIS_PG_URL", "postgresql://postgres@" + database.host() + ":" + postgresPort + "/" + database.database());
    settings.put("PORTCULLIS_REDIS_URL", redisUrl);
    // one deployment, one namespace: the nodes of a database share it, other tests (throttle counts, sessions) never see it
    settings.put("PORTCULLIS_REDIS_KEY_PREFIX", TestRedis.get().keyPrefix() + database.database() + ":");
    return new DevServer(Portcullis.start(ConfigLoader.load(Mode.SERVE, settings, null)));
  }

  /** This run's Redis, reached through a proxy listening on loopback at {@code proxyPort}. */
  public static String redisVia(int proxyPort) {
    java.net.URI redis = java.net.URI.create(TestRedis.get().url());
    try {
      return new java.net.URI(redis.getScheme(), redis.getUserInfo(), "127.0.0.1", proxyPort, redis.getPath(), redis.getQuery(), null).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Two serve nodes of one deployment: one database, one Redis prefix, one root key, one issuer (node A's). */
  public record Pair(DevServer a, DevServer b) implements AutoCloseable {
    @Override
    public void close() {
      b.close();
      a.close();
    }
  }

  /** @param nodeBEnv further settings for node B only (name, value pairs) */
  public static Pair twoNodes(String adminToken, String databaseLabel, String... nodeBEnv) {
    return twoNodesWith(adminToken, databaseLabel, new String[0], nodeBEnv);
  }

  /** @param bothEnv settings for both nodes; @param nodeBEnv further settings for node B only (name, value pairs) */
  public static Pair twoNodesWith(String adminToken, String databaseLabel, String[] bothEnv, String... nodeBEnv) {
    TestPostgres database = TestPostgres.get().freshDatabase(databaseLabel);
    String rootKey = RootKeys.generate().revealUtf8();
    java.util.List<String> envA = new java.util.ArrayList<>(java.util.List.of("PORTCULLIS_ROOT_KEY", rootKey));
    envA.addAll(java.util.List.of(bothEnv));
    DevServer a = serveOn(database, adminToken, envA.toArray(String[]::new));
    java.util.List<String> envB = new java.util.ArrayList<>(envA);
    envB.addAll(java.util.List.of("PORTCULLIS_ISSUER", a.issuer()));
    envB.addAll(java.util.List.of(nodeBEnv));
    return new Pair(a, serveOn(database, adminToken, envB.toArray(String[]::new)));
  }

  /** The egress settings a serve-mode test needs to reach providers it starts on loopback over plain http. */
  public static final String[] LOOPBACK_PROVIDERS = {"PORTCULLIS_EGRESS_ALLOW", "127.0.0.1", "PORTCULLIS_EGRESS_ALLOW_HTTP", "true"};

  private static Map<String, String> settings(String adminToken, String... env) {
    Map<String, String> settings = new HashMap<>();
    settings.put("PORTCULLIS_HTTP_PORT", "0");
    // every test client comes from 127.0.0.1 and many fail on purpose: throttling is off unless a test sets its limits (BruteForceAttacksIT)
    settings.put("PORTCULLIS_AUTH_FAILURES_PER_SOURCE", "1000000");
    settings.put("PORTCULLIS_AUTH_FAILURES_PER_CREDENTIAL", "1000000");
    // serve mode drains 5 s on close so balancers notice; tests close at once unless they test the drain (GracefulShutdownIT)
    settings.put("PORTCULLIS_SHUTDOWN_DRAIN_SECONDS", "0");
    if (adminToken != null) {
      settings.put("PORTCULLIS_ADMIN_TOKEN", adminToken);
    }
    for (int i = 0; i < env.length; i += 2) {
      settings.put(env[i], env[i + 1]);
    }
    return settings;
  }

  public Portcullis.Running running() {
    return running;
  }

  public String issuer() {
    return running.issuer();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + running.port() + path;
  }

  public HttpClient http() {
    return HTTP;
  }

  /** {@code method path} with an optional bearer token, body and extra headers (name, value pairs). */
  public HttpResponse<String> send(String method, String path, String bearer, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    running.close();
  }
}
