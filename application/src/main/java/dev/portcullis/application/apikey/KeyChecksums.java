package dev.portcullis.application.apikey;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.shared.port.out.MessageAuthentication;
import dev.portcullis.application.shared.port.out.TokenGenerator;
import dev.portcullis.domain.apikey.PresentedKey;
import dev.portcullis.domain.secret.SecretBinding;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The last 8 hex digits of every API key's secret are a tag: HMAC-SHA256 under a deployment key over the
 * rest of the key. A made-up key of the right shape fails the tag (all but one in 2^32) and is refused
 * without a database round trip, so random well-formed keys cost an attacker far more than they cost us.
 * The deployment key is 256 random bits kept sealed in the vault under the system tenant (version 1 of
 * {@code api-keys/checksum-key}: when two nodes create it at once, both use version 1).
 */
public final class KeyChecksums {
  static final SecretName NAME = new SecretName("api-keys/checksum-key");
  public static final int TAG_HEX = 8;
  private final SecretStore secrets;
  private final Envelope envelope;
  private final TokenGenerator random;
  private final InstantSource clock;
  private final MessageAuthentication mac;
  private volatile byte[] key;

  public KeyChecksums(SecretStore secrets, Envelope envelope, TokenGenerator random, InstantSource clock, MessageAuthentication mac) {
    this.mac = mac;
    this.secrets = secrets;
    this.envelope = envelope;
    this.random = random;
    this.clock = clock;
  }

  /** Loads the deployment key, creating it on the first start. Before the first request. */
  public void ensureKey() {
    if (secrets.findVersion(Auditor.SYSTEM, NAME, OptionalInt.of(1)).isEmpty()) {
      SecretBytes fresh = SecretBytes.ofUtf8(random.randomHex(32));
      secrets.write(Auditor.SYSTEM, NAME, new SecretStore.NewVersion("API key checksum key", Set.of("api-keys"), "portcullis"), OptionalInt.empty(),
          clock.instant(), version -> envelope.seal(fresh, SecretBinding.of(Auditor.SYSTEM, NAME, version)));
    }
    SecretStore.Found found = secrets.findVersion(Auditor.SYSTEM, NAME, OptionalInt.of(1)).orElseThrow();
    key = envelope.open(found.version().sealed(), SecretBinding.of(Auditor.SYSTEM, NAME, 1)).revealUtf8().getBytes(StandardCharsets.UTF_8);
  }

  /** The secret part of a new key: {@code randomHex} followed by its tag. */
  public String secretFor(String prefix, String keyId, String randomHex) {
    return randomHex + tag(prefix, keyId, randomHex);
  }

  /** Whether the key's last 8 hex digits are the tag of the rest (constant time). */
  public boolean matches(PresentedKey presented) {
    String secret = presented.secret();
    String body = secret.substring(0, secret.length() - TAG_HEX);
    byte[] expected = tag(presented.prefix(), presented.keyId(), body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, secret.substring(secret.length() - TAG_HEX).getBytes(StandardCharsets.US_ASCII));
  }

  private String tag(String prefix, String keyId, String body) {
    byte[] k = key;
    if (k == null) {
      throw new IllegalStateException("the API key checksum key is not loaded (ensureKey at start)");
    }
    return mac.tagHex(k, (prefix + "_" + keyId + "_" + body).getBytes(StandardCharsets.US_ASCII), TAG_HEX);
  }
}
