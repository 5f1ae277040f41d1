package dev.portcullis.adapter.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig2026;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.port.out.RootKey;
import dev.portcullis.application.secret.port.out.KekStore;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.shared.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Envelope encryption with Tink, three levels deep:
 * <ol>
 *   <li>the <b>root key</b> (a {@link RootKey}: {@code PORTCULLIS_ROOT_KEY} in memory, or a key that never
 *       leaves a PKCS#11 token) encrypts the KEKs;</li>
 *   <li><b>key-encryption keys</b> (AES-256-GCM keysets) live in the {@link KekStore}, each encrypted
 *       by the root key; the newest is primary;</li>
 *   <li>every sealed value gets a fresh AES-256-GCM <b>data key</b>, stored encrypted by the primary
 *       KEK beside the ciphertext.</li>
 * </ol>
 * The associated data binds both the ciphertext and the wrapped data key. Rotation adds a KEK;
 * re-wrapping re-encrypts data keys only. The KEK ring is cached and re-read every few seconds (and
 * at once when a value names an unknown KEK), so every node picks up another node's rotation.
 */
public final class TinkEnvelope implements Envelope {
  public static final Duration DEFAULT_RING_REFRESH = Duration.ofSeconds(5);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  static {
    RootKeys.generate(); // loads RootKeys, which registers Tink's AEAD key types for keyset (de)serialization
  }

  private final RootKeyAead rootKey;
  private final KekStore store;
  private final InstantSource clock;
  private final long refreshNanos;
  private final java.util.concurrent.atomic.AtomicBoolean refreshing = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile Ring ring;

  private record Ring(Map<String, Aead> keks, String primaryId, long loadedAtNanos) {}

  public TinkEnvelope(SecretBytes rootKey, KekStore store, InstantSource clock) {
    this(new EnvironmentRootKey(rootKey), store, clock, DEFAULT_RING_REFRESH);
  }

  public TinkEnvelope(SecretBytes rootKey, KekStore store, InstantSource clock, Duration ringRefresh) {
    this(new EnvironmentRootKey(rootKey), store, clock, ringRefresh);
  }

  /** @param ringRefresh how old the cached KEK ring may get before a request re-reads it */
  public TinkEnvelope(RootKey rootKey, KekStore store, InstantSource clock, Duration ringRefresh) {
    this.rootKey = new RootKeyAead(rootKey);
    this.store = store;
    this.clock = clock;
    this.refreshNanos = ringRefresh.toNanos();
  }

  @Override
  public SealedValue seal(SecretBytes plaintext, byte[] associatedData) {
    Ring current = ring(false);
    try {
      KeysetHandle dataKey = TinkAesGcm.newDataKey();
      byte[] value = plaintext.reveal();
      try {
        byte[] ciphertext = aead(dataKey).encrypt(value, associatedData);
        byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, current.keks().get(current.primaryId()), associatedData);
        return new SealedValue(ciphertext, wrapped, current.primaryId());
      } finally {
        java.util.Arrays.fill(value, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing failed", e);
    }
  }

  @Override
  public SecretBytes open(SealedValue sealed, byte[] associatedData) {
    try {
      Aead dataKey = aead(unwrap(sealed, associatedData));
      byte[] plaintext = dataKey.decrypt(sealed.ciphertext(), associatedData);
      try {
        return SecretBytes.of(plaintext);
      } finally {
        java.util.Arrays.fill(plaintext, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new TamperedValue("a stored value failed authentication: its ciphertext, data key or binding was altered");
    }
  }

  @Override
  public SealedValue rewrap(SealedValue sealed, byte[] associatedData) {
    Ring current = ring(false);
    if (sealed.kekId().equals(current.primaryId())) {
      return sealed;
    }
    try {
      KeysetHandle dataKey = unwrap(sealed, associatedData);
      return sealed.rewrapped(TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, current.keks().get(current.primaryId()), associatedData), current.primaryId());
    } catch (GeneralSecurityException e) {
      throw new TamperedValue("a stored data key failed authentication during re-wrap");
    }
  }

  @Override
  public String primaryKekId() {
    return ring(false).primaryId();
  }

  /**
   * Creates a KEK and makes it primary, and re-encrypts every KEK under the root key's current primary.
   * The second part is how the root key itself is rotated: configure a Tink keyset holding the new key
   * (primary) and the old one, rotate, and from then on the old root key can be dropped.
   */
  @Override
  public String rotate() {
    String id = newKek();
    for (KekStore.StoredKek stored : store.all()) {
      try {
        KeysetHandle kek = TinkProtoKeysetFormat.parseEncryptedKeyset(stored.wrappedKey(), rootKey, kekBinding(stored.id()));
        store.rewrap(stored.id(), TinkProtoKeysetFormat.serializeEncryptedKeyset(kek, rootKey, kekBinding(stored.id())));
      } catch (GeneralSecurityException | TamperedValue e) {
        throw new IllegalStateException("KEK " + stored.id() + " cannot be decrypted with the configured root key (" + rootKey.rootKey().provider() + ")");
      }
    }
    ring = load();
    return id;
  }

  @Override
  public String rootKeyProvider() {
    return rootKey.rootKey().provider();
  }

  @Override
  public Map<String, Long> keksByRootKeyProvider() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (KekStore.StoredKek stored : store.all()) {
      counts.merge(providerOf(stored.wrappedKey()), 1L, Long::sum);
    }
    return counts;
  }

  /** A stored KEK is Tink's EncryptedKeyset; the root key's own ciphertext is its {@code encrypted_keyset} field. */
  private String providerOf(byte[] storedKek) {
    byte[] wrappedKek;
    try {
      wrappedKek = com.google.crypto.tink.proto.EncryptedKeyset.parseFrom(storedKek,
          com.google.protobuf.ExtensionRegistryLite.getEmptyRegistry()).getEncryptedKeyset().toByteArray();
    } catch (java.io.IOException e) {
      return "unknown";
    }
    RootKey key = rootKey.rootKey();
    if (key instanceof dev.portcullis.application.shared.MigratingRootKey migrating) {
      try {
        return migrating.providerOf(wrappedKek);
      } catch (TamperedValue e) {
        return "unknown";
      }
    }
    return key.wrote(wrappedKek) ? key.provider() : "unknown";
  }

  private KeysetHandle unwrap(SealedValue sealed, byte[] associatedData) throws GeneralSecurityException {
    Aead kek = ring(false).keks().get(sealed.kekId());
    if (kek == null) {
      kek = ring(true).keks().get(sealed.kekId()); // rotated on another node since our last look
    }
    if (kek == null) {
      throw new GeneralSecurityException("unknown KEK");
    }
    return TinkProtoKeysetFormat.parseEncryptedKeyset(sealed.wrappedDataKey(), kek, associatedData);
  }

  /**
   * The cached KEK ring, re-read when stale. No monitor is held while the store is read: on a Vert.x
   * virtual-thread context a task blocked on a monitor keeps the context, so the task holding the
   * monitor could never resume from its await (a deadlock under load). Instead one caller refreshes
   * (single flight) while the others keep using the ring they have.
   */
  private Ring ring(boolean forceReload) {
    Ring current = ring;
    boolean stale = current == null || forceReload || System.nanoTime() - current.loadedAtNanos() > refreshNanos;
    if (!stale) {
      return current;
    }
    if (current != null && !forceReload && !refreshing.compareAndSet(false, true)) {
      return current; // someone else is refreshing; the ring we have is still valid for a moment
    }
    try {
      Ring loaded;
      try {
        loaded = load();
      } catch (dev.portcullis.application.shared.port.out.DependencyUnavailable e) {
        if (current != null && !forceReload) {
          return current; // the root key's provider (an HSM) is out: the KEKs we hold stay valid; readiness reports the outage
        }
        throw e;
      }
      if (loaded.primaryId() == null) {
        newKek(); // first start: create the first KEK (two nodes doing this at once just make two)
        loaded = load();
      }
      ring = loaded;
      return loaded;
    } finally {
      if (current != null && !forceReload) {
        refreshing.set(false);
      }
    }
  }

  private Ring load() {
    Map<String, Aead> keks = new LinkedHashMap<>();
    String primary = null;
    for (KekStore.StoredKek stored : store.all()) {
      try {
        KeysetHandle kek = TinkProtoKeysetFormat.parseEncryptedKeyset(stored.wrappedKey(), rootKey, kekBinding(stored.id()));
        keks.put(stored.id(), aead(kek));
        primary = stored.id();
      } catch (GeneralSecurityException | TamperedValue e) {
        throw new IllegalStateException("KEK " + stored.id() + " cannot be decrypted with the configured root key (" + rootKey.rootKey().provider() + "): is this the root key the data was written with?");
      }
    }
    return new Ring(Map.copyOf(keks), primary, System.nanoTime());
  }

  private String newKek() {
    String id = "kek-" + ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(RANDOM.generateSeed(3));
    try {
      KeysetHandle kek = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
      store.add(new KekStore.StoredKek(id, TinkProtoKeysetFormat.serializeEncryptedKeyset(kek, rootKey, kekBinding(id)), clock.instant()));
      return id;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not create a KEK", e);
    }
  }

  /** A keyset's AEAD: {@link TinkAesGcm} for the one-key AES-GCM keysets written here, Tink's own primitive otherwise. */
  private static Aead aead(KeysetHandle keyset) throws GeneralSecurityException {
    Optional<Aead> fast = TinkAesGcm.of(keyset);
    return fast.isPresent() ? fast.get() : keyset.getPrimitive(AeadConfig2026.get(), Aead.class);
  }

  private static byte[] kekBinding(String id) {
    return ("portcullis/kek/v1\u0000" + id).getBytes(StandardCharsets.UTF_8);
  }

  /** The root key as Tink sees it: KEKs are Tink keysets encrypted with this AEAD, so the root key's provider does the work. */
  private record RootKeyAead(RootKey rootKey) implements Aead {
    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
      return rootKey.wrap(plaintext, associatedData);
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
      return rootKey.unwrap(ciphertext, associatedData);
    }
  }
}
