package dev.portcullis.bench;

import dev.portcullis.adapter.crypto.JcaProviders;
import dev.portcullis.adapter.crypto.JoseAccessTokenCodec;
import dev.portcullis.adapter.crypto.JoseClientAssertions;
import dev.portcullis.adapter.crypto.JoseJwsKeys;
import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.adapter.crypto.SecureTokenGenerator;
import dev.portcullis.adapter.crypto.TinkEnvelope;
import dev.portcullis.adapter.memory.audit.InMemoryAuditLog;
import dev.portcullis.adapter.memory.secret.InMemoryKekStore;
import dev.portcullis.adapter.memory.secret.InMemorySecretStore;
import dev.portcullis.adapter.memory.key.InMemorySigningKeyStore;
import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.grant.AccessTokens;
import dev.portcullis.application.grant.AssertionRules;
import dev.portcullis.application.grant.port.out.ClientAssertions;
import dev.portcullis.application.key.SigningKeySettings;
import dev.portcullis.application.key.SigningKeysService;
import dev.portcullis.domain.key.SigningAlgorithm;
import dev.portcullis.domain.shared.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Security;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The crypto-only ceiling of one client_credentials grant with private_key_jwt, through the classes the
 * token endpoint uses: verify the client's assertion ({@link JoseClientAssertions#verify}, RS384 or
 * ES384, with the JWK Set parsed as on every request) and issue the access token ({@link AccessTokens#issue},
 * ES256, the default platform algorithm). Each {@code provider} runs in its own JVM: {@code jdk} = the
 * JDK's own (SunEC, SunRsaSign), {@code bc} = BouncyCastle first, {@code chosen} = what
 * {@link JcaProviders#install()} picks on this machine. Baseline (run once per provider, so three
 * times): SHA-256 of one access token by the JDK's SUN provider, named explicitly so that it does not
 * move with the provider.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class GrantCryptoBenchmark {
  @Param({"jdk", "bc", "chosen"})
  public String provider;

  private final JoseClientAssertions assertions = new JoseClientAssertions();
  private String rs384Jwks;
  private String rs384Assertion;
  private String es384Jwks;
  private String es384Assertion;
  private AccessTokens accessTokens;
  private byte[] accessToken;

  /** MessageDigest is not thread-safe: one per benchmark thread. */
  @State(Scope.Thread)
  public static class Sha256 {
    MessageDigest digest;

    @Setup
    public void setUp() throws Exception {
      digest = MessageDigest.getInstance("SHA-256", "SUN");
    }
  }

  @Setup
  public void setUp() throws Exception {
    switch (provider) {
      case "chosen" -> JcaProviders.install();
      case "bc" -> Security.insertProviderAt(new BouncyCastleProvider(), 1);
      default -> { } // the JDK's providers as configured in java.security
    }
    PublicJsonWebKey rs384 = RsaJwkGenerator.generateJwk(2048);
    rs384.setKeyId("rs384");
    PublicJsonWebKey es384 = EcJwkGenerator.generateJwk(EllipticCurves.P384);
    es384.setKeyId("es384");
    rs384Jwks = jwks(rs384);
    rs384Assertion = assertion(rs384, AlgorithmIdentifiers.RSA_USING_SHA384);
    es384Jwks = jwks(es384);
    es384Assertion = assertion(es384, AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384);
    requireValid(assertions.verify(rs384Assertion, rs384Jwks, AssertionRules.ALGORITHMS));
    requireValid(assertions.verify(es384Assertion, es384Jwks, AssertionRules.ALGORITHMS));

    InstantSource clock = InstantSource.system();
    SigningKeysService signingKeys = new SigningKeysService(new InMemorySigningKeyStore(), new JoseJwsKeys(), new InMemorySecretStore(),
        new TinkEnvelope(RootKeys.generate(), new InMemoryKekStore(), clock), new Auditor(new InMemoryAuditLog(), clock), clock,
        new SigningKeySettings(SigningAlgorithm.ES256, Duration.ofMinutes(10), Duration.ofHours(1)));
    signingKeys.ensureSigningKey();
    var feed = new dev.portcullis.application.shared.InvalidationFeed(new dev.portcullis.adapter.memory.InMemoryInvalidationLog(clock),
        dev.portcullis.application.shared.port.out.Doorbell.NONE, new dev.portcullis.adapter.memory.InMemoryTransactions(), clock,
        dev.portcullis.application.shared.InvalidationFeed.Settings.DEFAULT);
    feed.poll();
    accessTokens = new AccessTokens(signingKeys, new JoseAccessTokenCodec(), new SecureTokenGenerator(), new dev.portcullis.application.shared.Revocations(feed, clock),
        clock, "https://issuer.bench", "urn:portcullis:upstream", Duration.ofMinutes(5), SigningAlgorithm.ES256, AccessTokens.DEFAULT_CACHE_SIZE);
    String token = accessTokens.issue("bench-client", new TenantId("bench"), Set.of("secrets:read")); // loads the private key once, as a warm server has
    if (accessTokens.verify(token).isEmpty()) {
      throw new IllegalStateException("the access token does not verify");
    }
    accessToken = token.getBytes(StandardCharsets.US_ASCII);
  }

  private static String jwks(PublicJsonWebKey key) {
    return "{\"keys\":[" + key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}";
  }

  private static String assertion(PublicJsonWebKey key, String alg) throws Exception {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer("bench-client");
    claims.setSubject("bench-client");
    claims.setAudience("https://issuer.bench/oauth/token");
    claims.setExpirationTimeMinutesInTheFuture(4);
    claims.setJwtId("bench-jti");
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setAlgorithmHeaderValue(alg);
    return jws.getCompactSerialization();
  }

  private static void requireValid(ClientAssertions.Verified verified) {
    if (!(verified instanceof ClientAssertions.Verified.Valid)) {
      throw new IllegalStateException("bench assertion does not verify: " + verified);
    }
  }

  @Benchmark
  public byte[] baselineSha256OfAnAccessToken(Sha256 sha256) {
    return sha256.digest.digest(accessToken);
  }

  @Benchmark
  public ClientAssertions.Verified verifyAssertionRs384() {
    return assertions.verify(rs384Assertion, rs384Jwks, AssertionRules.ALGORITHMS);
  }

  /** What the token endpoint no longer does twice per assertion: read the compact JWS and its claims (the issuer finds the client). */
  @Benchmark
  public java.util.Optional<ClientAssertions.Parsed> parseAssertionRs384() {
    return assertions.parse(rs384Assertion);
  }

  @Benchmark
  public ClientAssertions.Verified verifyAssertionEs384() {
    return assertions.verify(es384Assertion, es384Jwks, AssertionRules.ALGORITHMS);
  }

  @Benchmark
  public String signAccessTokenEs256() {
    return accessTokens.issue("bench-client", new TenantId("bench"), Set.of("secrets:read"));
  }
}
