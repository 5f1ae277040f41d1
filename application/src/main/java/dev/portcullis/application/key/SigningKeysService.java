package dev.portcullis.application.key;

import dev.portcullis.application.audit.Auditor;
import dev.portcullis.application.key.port.in.ListSigningKeys;
import dev.portcullis.application.key.port.in.PublishSigningKeys;
import dev.portcullis.application.key.port.in.RotateSigningKey;
import dev.portcullis.application.key.port.out.JwsKeys;
import dev.portcullis.application.key.port.out.SigningKeyStore;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.secret.port.out.SecretStore;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.key.SigningKey;
import dev.portcullis.domain.key.SigningKeyRing;
import dev.portcullis.domain.secret.SecretBinding;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.Permission;
import dev.portcullis.domain.shared.SecretBytes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Platform signing keys. Each private half is a secret of the reserved tenant {@code system} in the
 * vault (envelope-encrypted, covered by root-key rotation); the public halves and their schedule are
 * in the {@link SigningKeyStore}. The key list is cached briefly (no lock is held across I/O) and the
 * decrypted private keys are kept in memory, so signing a token costs one signature.
 *
 * <p>One class for the signing-key aggregate behind three one-method ports (publish, rotate, list);
 * {@link #sign} and {@link #ensureSigningKey} are what the token issuers and start-up call, not ports.
 */
public final class SigningKeysService implements PublishSigningKeys, RotateSigningKey, ListSigningKeys {
  static final Duration CACHE = Duration.ofSeconds(5);
  private final SigningKeyStore store;
  private final JwsKeys jws;
  private final SecretStore secrets;
  private final Envelope envelope;
  private final Auditor auditor;
  private final InstantSource clock;
  private final SigningKeySettings settings;
  private final Map<String, SecretBytes> privateKeys = new ConcurrentHashMap<>();
  private volatile Cached cached;

  private record Cached(List<SigningKey> keys, Instant loadedAt) {}

  public SigningKeysService(SigningKeyStore store, JwsKeys jws, SecretStore secrets, Envelope envelope, Auditor auditor, InstantSource clock,
                            SigningKeySettings settings) {
    this.store = store;
    this.jws = jws;
    this.secrets = secrets;
    this.envelope = envelope;
    this.auditor = auditor;
    this.clock = clock;
    this.settings = settings;
  }

  @Override
  public List<String> jwks() {
    return SigningKeyRing.published(keys(false), clock.instant(), settings.maxTokenLifetime()).stream().map(SigningKey::publicJwk).toList();
  }

  /** Signs {@code payloadJson} with the current key; creates the first key on first use. */
  public String sign(String typ, String payloadJson) {
    Instant now = clock.instant();
    SigningKey signer = SigningKeyRing.signer(keys(false), now)
        .or(() -> SigningKeyRing.signer(keys(true), now))
        .orElseGet(() -> create(now)); // first use (or every key retired): a key that signs at once
    return jws.sign(privateKey(signer.kid()), signer.algorithm(), signer.kid(), typ, payloadJson);
  }

  /** Creates a key that signs at once if none does (at start-up, so first requests do not race to create one). */
  public void ensureSigningKey() {
    Instant now = clock.instant();
    if (SigningKeyRing.signer(keys(true), now).isEmpty()) {
      create(now);
    }
  }

  /**
   * The decrypted private half, loaded from the vault on first use. Deliberately not
   * {@code computeIfAbsent}: that holds a map lock (a monitor) while the vault is read, and a monitor
   * held across an await deadlocks a Vert.x virtual-thread context (docs/architecture.md). Two
   * concurrent first loads just decrypt twice.
   */
  private SecretBytes privateKey(String kid) {
    SecretBytes cachedKey = privateKeys.get(kid);
    if (cachedKey != null) {
      return cachedKey;
    }
    SecretBytes loaded = loadPrivateKey(kid);
    SecretBytes raced = privateKeys.putIfAbsent(kid, loaded);
    return raced != null ? raced : loaded;
  }

  @Override
  public Optional<SigningKey> rotate(RequestContext context) {
    if (!context.principal().may(Permission.ADMINISTER, Auditor.SYSTEM)) {
      auditor.record(context, Auditor.SYSTEM, AuditAction.SIGNING_KEY_ROTATE, "", AuditOutcome.DENIED);
      return Optional.empty();
    }
    Instant now = clock.instant();
    SigningKey successor = create(now.plus(settings.overlap()));
    auditor.record(context, Auditor.SYSTEM, AuditAction.SIGNING_KEY_ROTATE, successor.kid(), AuditOutcome.SUCCESS);
    return Optional.of(successor);
  }

  @Override
  public Optional<List<SigningKey>> list(RequestContext context) {
    return context.principal().may(Permission.ADMINISTER, Auditor.SYSTEM) ? Optional.of(keys(true)) : Optional.empty();
  }

  private SigningKey create(Instant activeFrom) {
    Instant now = clock.instant();
    JwsKeys.KeyPair pair = jws.generate(settings.algorithm(), null);
    String kid = kidOf(pair.publicJwk());
    SecretName name = nameOf(kid);
    secrets.write(Auditor.SYSTEM, name, new SecretStore.NewVersion("platform signing key " + kid, Set.of("signing-key"), "portcullis"),
        OptionalInt.empty(), now, version -> envelope.seal(pair.privateJwk(), SecretBinding.of(Auditor.SYSTEM, name, version)));
    SigningKey key = new SigningKey(kid, settings.algorithm(), pair.publicJwk(), now, activeFrom, Optional.empty());
    List<SigningKey> current = keys(true);
    store.add(key);
    SigningKeyRing.retiredBy(current, key).forEach(r -> store.retire(r.kid(), r.retiredAt().orElseThrow()));
    privateKeys.put(kid, pair.privateJwk());
    keys(true);
    return key;
  }

  private SecretBytes loadPrivateKey(String kid) {
    SecretName name = nameOf(kid);
    SecretStore.Found found = secrets.findVersion(Auditor.SYSTEM, name, OptionalInt.of(1))
        .orElseThrow(() -> new IllegalStateException("the private half of signing key " + kid + " is missing from the vault"));
    return envelope.open(found.version().sealed(), SecretBinding.of(Auditor.SYSTEM, name, 1));
  }

  /** The key list, re-read when older than a few seconds (or when {@code fresh}). No monitor is held across I/O. */
  private List<SigningKey> keys(boolean fresh) {
    Cached current = cached;
    if (fresh || current == null || current.loadedAt().plus(CACHE).isBefore(clock.instant())) {
      current = new Cached(List.copyOf(store.all()), clock.instant());
      cached = current;
    }
    return current.keys();
  }

  private String kidOf(String publicJwk) {
    int start = publicJwk.indexOf("\"kid\":\"");
    if (start < 0) {
      throw new IllegalStateException("generated key has no kid");
    }
    return publicJwk.substring(start + 7, publicJwk.indexOf('"', start + 7));
  }

  private static SecretName nameOf(String kid) {
    return new SecretName("signing-keys/" + kid);
  }
}
