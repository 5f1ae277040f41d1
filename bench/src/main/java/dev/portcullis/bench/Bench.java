package dev.portcullis.bench;

import dev.portcullis.adapter.crypto.JcaProviders;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;

/**
 * {@code java -jar bench/target/portcullis-bench.jar [crypto|http|sessions|connections|redis|all]} — see bench/README.md.
 * Every figure is printed as a ratio to a baseline measured in the same run on the same machine.
 */
public final class Bench {
  private static final PrintStream out = System.out;
  private static final int SECRETS = 1_000;
  private static final int TENANTS = 32;
  /** Crypto-only ops/s on the chosen provider, from the JMH part of this run (empty when only http runs). */
  private static final Map<String, Double> chosenCeilings = new HashMap<>();

  private Bench() {}

  public static void main(String[] args) throws Exception {
    // Before the first logger exists: the access log at INFO would be the load generator's biggest cost
    // (-DPORTCULLIS_LOG_LEVEL=INFO measures with it).
    System.setProperty("PORTCULLIS_LOG_LEVEL", System.getProperty("PORTCULLIS_LOG_LEVEL", "WARN"));
    String what = args.length == 0 ? "all" : args[0];
    if (what.equals("crypto") || what.equals("all")) {
      chosenCeilings.putAll(CryptoBench.run());
    }
    if (what.equals("http") || what.equals("all")) {
      http(Integer.getInteger("bench.concurrency", 32), Duration.ofSeconds(Integer.getInteger("bench.seconds", 10)));
    }
    if (what.equals("connections") || what.equals("all")) {
      ConnectionsBench.run(Integer.getInteger("bench.concurrency", 32), Duration.ofSeconds(Integer.getInteger("bench.seconds", 10)));
    }
    if (what.equals("redis")) {
      RedisBench.run(Integer.getInteger("bench.concurrency", 8), Duration.ofSeconds(Integer.getInteger("bench.seconds", 10)));
    }
    if (what.equals("sessions") || what.equals("all")) {
      SessionsBench.run(Integer.getInteger("bench.concurrency", 32), Duration.ofSeconds(Integer.getInteger("bench.seconds", 10)));
    }
    System.exit(0);
  }

  private static void http(int concurrency, Duration duration) throws Exception {
    BenchServer server = new BenchServer(Map.of());
    String token = BenchServer.ADMIN;
    out.println("active JCA provider (server and load generator): " + JcaProviders.install().description());
    Pool pool = server.pool(16);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String base = server.base();
    try {
      pool.query("CREATE TABLE bench_baseline (id int PRIMARY KEY, value text NOT NULL)").execute().await();
      pool.query("INSERT INTO bench_baseline SELECT g, md5(g::text) FROM generate_series(0, " + (SECRETS - 1) + ") g").execute().await();
      for (int i = 0; i < SECRETS; i++) {
        send(client, token, "PUT", base + "/v1/tenants/bench/secrets/s" + i, "{\"value\":\"initial-value-" + i + "\"}");
      }
      out.printf(Locale.ROOT, "%n== HTTP against Postgres: %d concurrent clients, %d s per run, %d secrets, 2-core machine shared by server and load ==%n",
          concurrency, duration.toSeconds(), SECRETS);
      Load.Result select = Load.run(concurrency, duration, () -> pool.preparedQuery("SELECT value FROM bench_baseline WHERE id = $1")
          .execute(Tuple.of(ThreadLocalRandom.current().nextInt(SECRETS))).await());
      if ("rs384".equals(System.getProperty("bench.profile")) || "es384".equals(System.getProperty("bench.profile"))) {
        // -Dbench.profile=rs384|es384: client_credentials with private_key_jwt alone, one fresh pre-signed assertion per request
        boolean rsa = System.getProperty("bench.profile").equals("rs384");
        int needed = (int) ((duration.toSeconds() + Long.getLong("bench.warmup", 2) + 2) * Long.getLong("bench.assertionsPerSecond", 7_000));
        Queue<String> signed = assertions(client, token, base, rsa ? RsaJwkGenerator.generateJwk(2048) : EcJwkGenerator.generateJwk(EllipticCurves.P384),
            rsa ? "RS384" : "ES384", server.issuer() + "/oauth/token", needed);
        Profiler.command("start,event=cpu,interval=1ms,threads");
        Load.Result alone = Load.run(concurrency, duration, () -> assertionRequest(client, base, signed.poll()));
        Profiler.command("stop,file=" + System.getProperty("bench.profile.out", "bench-" + System.getProperty("bench.profile") + ".collapsed") + ",collapsed");
        Load.print("private_key_jwt " + System.getProperty("bench.profile"), alone, select);
        return;
      }
      if (System.getProperty("bench.profile") != null) { // -Dbench.profile=read|write: that workload alone, for a profiler
        boolean reads = System.getProperty("bench.profile").equals("read");
        Profiler.command("start,event=cpu,interval=1ms,threads");
        Load.Result alone = Load.run(concurrency, duration, () -> send(client, token, reads ? "GET" : "PUT", base + "/v1/tenants/bench/secrets/s"
            + ThreadLocalRandom.current().nextInt(SECRETS), reads ? null : "{\"value\":\"value-" + ThreadLocalRandom.current().nextLong() + "\"}"));
        Profiler.command("stop,file=" + System.getProperty("bench.profile.out", "bench-" + System.getProperty("bench.profile") + ".collapsed") + ",collapsed");
        Load.print("secret " + System.getProperty("bench.profile"), alone, select);
        return;
      }
      Load.Result live = Load.run(concurrency, duration, () -> send(client, token, "GET", base + "/health/live", null));
      Load.Result read = Load.run(concurrency, duration, () -> send(client, token, "GET", base + "/v1/tenants/bench/secrets/s" + ThreadLocalRandom.current().nextInt(SECRETS), null));
      Load.Result write = Load.run(concurrency, duration, () -> send(client, token, "PUT", base + "/v1/tenants/bench/secrets/s" + ThreadLocalRandom.current().nextInt(SECRETS),
          "{\"value\":\"value-" + ThreadLocalRandom.current().nextLong() + "\"}"));
      // the same spread over TENANTS tenants: each has a chain of its own, so this shows what one hot tenant's chain costs
      for (int t = 0; t < TENANTS; t++) {
        for (int i = 0; i < SECRETS / TENANTS; i++) {
          send(client, token, "PUT", base + "/v1/tenants/bench-" + t + "/secrets/s" + i, "{\"value\":\"initial-value-" + i + "\"}");
        }
      }
      Load.Result readMany = Load.run(concurrency, duration, () -> send(client, token, "GET", base + "/v1/tenants/bench-" + ThreadLocalRandom.current().nextInt(TENANTS)
          + "/secrets/s" + ThreadLocalRandom.current().nextInt(SECRETS / TENANTS), null));
      Load.Result writeMany = Load.run(concurrency, duration, () -> send(client, token, "PUT", base + "/v1/tenants/bench-" + ThreadLocalRandom.current().nextInt(TENANTS)
          + "/secrets/s" + ThreadLocalRandom.current().nextInt(SECRETS / TENANTS), "{\"value\":\"value-" + ThreadLocalRandom.current().nextLong() + "\"}"));
      out.printf(Locale.ROOT, "%-44s %10s %9s %9s %12s%n", "run", "ops/s", "p50 ms", "p99 ms", "vs SELECT");
      Load.print("baseline: single-row SELECT on the same pool", select, select);
      Load.print("baseline: GET /health/live (HTTP only)", live, select);
      Load.print("secret read  (GET, decrypt, audit append)", read, select);
      Load.print("secret write (PUT, seal, version, audit)", write, select);
      Load.print("secret read,  " + TENANTS + " tenants", readMany, select);
      Load.print("secret write, " + TENANTS + " tenants", writeMany, select);
      if (Boolean.getBoolean("bench.secretsOnly")) {
        return;
      }
      io.vertx.core.json.JsonObject registered = new io.vertx.core.json.JsonObject(sendForBody(client, token, "POST", base + "/oauth/register",
          "{\"grant_types\":[\"client_credentials\"],\"scope\":\"secrets:read\",\"tenant\":\"bench\"}"));
      String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((registered.getString("client_id") + ":" + registered.getString("client_secret"))
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      Load.Result grant = Load.run(concurrency, duration, () -> tokenRequest(client, base, basic));
      // private_key_jwt: one fresh assertion per request (unique jti), all signed before the timed window, so the load
      // generator's signing is not measured. client_secret_basic is faster than these, so its rate bounds the count needed.
      int needed = (int) (grant.opsPerSecond() * (duration.toSeconds() + 2) * 1.2) + 1_000;
      String audience = server.issuer() + "/oauth/token";
      Queue<String> rs384 = assertions(client, token, base, RsaJwkGenerator.generateJwk(2048), "RS384", audience, needed);
      Load.Result viaRs384 = Load.run(concurrency, duration, () -> assertionRequest(client, base, rs384.poll()));
      Queue<String> es384 = assertions(client, token, base, EcJwkGenerator.generateJwk(EllipticCurves.P384), "ES384", audience, needed);
      Load.Result viaEs384 = Load.run(concurrency, duration, () -> assertionRequest(client, base, es384.poll()));
      String apiKey = new io.vertx.core.json.JsonObject(sendForBody(client, token, "POST", base + "/v1/tenants/bench/api-keys",
          "{\"name\":\"bench\",\"scopes\":[\"orders:read\"],\"identity\":{\"subject\":\"bench-user\",\"email\":\"b@example.com\"}}")).getString("key");
      Load.Result forwardAuth = Load.run(concurrency, duration, () -> forwardAuth(client, base, apiKey));
      Load.print("client_credentials, client_secret_basic", grant, select);
      Load.print("client_credentials, private_key_jwt RS384", viaRs384, select);
      Load.print("client_credentials, private_key_jwt ES384", viaEs384, select);
      Load.print("forward auth GET /v1/auth/verify (warm cache)", forwardAuth, select);
      out.printf(Locale.ROOT, "vs GET /health/live: client_secret_basic %.2fx, private_key_jwt RS384 %.2fx, ES384 %.2fx%n",
          grant.opsPerSecond() / live.opsPerSecond(), viaRs384.opsPerSecond() / live.opsPerSecond(), viaEs384.opsPerSecond() / live.opsPerSecond());
      out.printf(Locale.ROOT, "private_key_jwt vs client_secret_basic: RS384 %.2fx, ES384 %.2fx%n",
          viaRs384.opsPerSecond() / grant.opsPerSecond(), viaEs384.opsPerSecond() / grant.opsPerSecond());
      out.printf(Locale.ROOT, "forward auth vs GET /health/live (the no-op route of the same server): %.2fx%n", forwardAuth.opsPerSecond() / live.opsPerSecond());
      if (!chosenCeilings.isEmpty()) {
        // Ceiling = what the two cores could do if a request cost exactly the HTTP baseline plus its crypto.
        out.printf(Locale.ROOT, "%nvs the crypto-plus-HTTP ceiling of this run (1 / (1/live + 1/crypto)):%n");
        ceilingLine("client_secret_basic (sign ES256)", grant, live, chosenCeilings.get("sign"));
        ceilingLine("private_key_jwt RS384 (verify + sign)", viaRs384, live, chosenCeilings.get("RS384"));
        ceilingLine("private_key_jwt ES384 (verify + sign)", viaEs384, live, chosenCeilings.get("ES384"));
        ceilingLine("forward auth (mint ES256)", forwardAuth, live, chosenCeilings.get("sign"));
      }
    } finally {
      pool.close().await();
      server.close();
    }
  }

  private static void ceilingLine(String label, Load.Result measured, Load.Result live, double crypto) {
    double ceiling = 1 / (1 / live.opsPerSecond() + 1 / crypto);
    out.printf(Locale.ROOT, "  %-40s ceiling %8.0f/s  measured %8.0f/s  = %3.0f%%%n", label, ceiling, measured.opsPerSecond(),
        100 * measured.opsPerSecond() / ceiling);
  }

  private static void forwardAuth(HttpClient client, String base, String apiKey) {
    Load.expectOk(client, HttpRequest.newBuilder(URI.create(base + "/v1/auth/verify")).header("X-Api-Key", apiKey).build(), 200);
  }

  private static void tokenRequest(HttpClient client, String base, String basic) {
    Load.expectOk(client, HttpRequest.newBuilder(URI.create(base + "/oauth/token")).header("Authorization", basic)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), 200);
  }

  /** Registers a private_key_jwt client with {@code key}'s public half inline and signs {@code count} one-time assertions for it. */
  private static Queue<String> assertions(HttpClient client, String adminToken, String base, PublicJsonWebKey key, String alg, String audience, int count)
      throws Exception {
    key.setKeyId("bench-" + alg);
    String metadata = "{\"grant_types\":[\"client_credentials\"],\"token_endpoint_auth_method\":\"private_key_jwt\",\"jwks\":{\"keys\":["
        + key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]},\"scope\":\"secrets:read\",\"tenant\":\"bench\"}";
    String clientId = new io.vertx.core.json.JsonObject(sendForBody(client, adminToken, "POST", base + "/oauth/register", metadata)).getString("client_id");
    long start = System.nanoTime();
    Queue<String> assertions = new ConcurrentLinkedQueue<>();
    IntStream.range(0, count).parallel().forEach(i -> {
      try {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(clientId);
        claims.setSubject(clientId);
        claims.setAudience(audience);
        claims.setExpirationTimeMinutesInTheFuture(4);
        claims.setJwtId(UUID.randomUUID().toString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(alg);
        assertions.add(jws.getCompactSerialization());
      } catch (org.jose4j.lang.JoseException e) {
        throw new IllegalStateException(e);
      }
    });
    out.printf(Locale.ROOT, "(signed %d %s assertions in %.1f s before the timed window)%n", count, alg, (System.nanoTime() - start) / 1e9);
    return assertions;
  }

  private static void assertionRequest(HttpClient client, String base, String assertion) {
    if (assertion == null) {
      throw new IllegalStateException("ran out of pre-signed assertions");
    }
    Load.expectOk(client, HttpRequest.newBuilder(URI.create(base + "/oauth/token")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_assertion_type="
            + "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=" + assertion)).build(), 200);
  }

  private static String sendForBody(HttpClient client, String token, String method, String url, String body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static void send(HttpClient client, String token, String method, String url, String body) {
    Load.expectOk(client, HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(), 299);
  }

}
