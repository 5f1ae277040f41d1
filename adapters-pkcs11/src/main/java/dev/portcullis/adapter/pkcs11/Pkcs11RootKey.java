package dev.portcullis.adapter.pkcs11;

import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import dev.portcullis.application.shared.port.out.Envelope;
import dev.portcullis.application.shared.port.out.RootKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The root key as an AES-256 key inside a PKCS#11 token (an HSM; SoftHSM2 in the tests), used through
 * the JDK's SunPKCS11 provider. The key is sensitive and not extractable: KEKs are sent into the token
 * and come back wrapped or unwrapped (AES-GCM, {@code CKM_AES_GCM}); the root key never leaves it.
 *
 * <p>Wrapped form: {@code "PK11"}, a version byte, the key label (length byte + UTF-8), a 12-byte IV,
 * then the ciphertext and its 16-byte tag. The header is authenticated with the binding, and naming
 * the key lets a token hold the next root key beside the current one (rotate inside the HSM by
 * changing the configured label, then rotating).
 *
 * <p>Every operation runs on this adapter's own threads with {@link Pkcs11Settings#timeout()}: an HSM
 * that hangs or fails is a {@link DependencyUnavailable} (503) within that deadline, and the next call
 * logs in afresh. A failed tag is tampering only if the token still answers a round trip; otherwise
 * it is the outage it looks like.
 */
public final class Pkcs11RootKey implements RootKey, AutoCloseable {
  public static final String PROVIDER = "pkcs11";
  private static final byte[] MAGIC = {'P', 'K', '1', '1'};
  private static final byte VERSION = 1;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pkcs11Settings settings;
  private final ExecutorService token;
  private final String dependency;
  private Session session; // confined to the token threads, under this monitor

  private record Session(AuthProvider provider, KeyStore store) {}

  /** Logs in and finds the key: a missing library, token, PIN or key fails here, naming what is missing (never the PIN). */
  public Pkcs11RootKey(Pkcs11Settings settings) {
    this.settings = settings;
    this.dependency = "root key (" + PROVIDER + ")";
    this.token = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("pkcs11-root-key-", 0).daemon().factory());
    try {
      call(() -> key(settings.keyLabel()));
    } catch (RuntimeException e) {
      token.shutdownNow();
      throw new IllegalStateException("the PKCS#11 root key (" + settings.describe() + ") cannot be used: " + reason(e), e);
    }
  }

  /**
   * Creates the root key in the token (AES-256, sensitive, not extractable) unless one with the label
   * exists; returns whether it created one. For {@code portcullis root-key pkcs11-keygen} and tests;
   * an HSM's own tools do the same.
   */
  public static boolean generateKey(Pkcs11Settings settings) {
    try {
      Session session = open(settings); // no logout after: a PKCS#11 login belongs to the whole process, and would end another user's
      if (session.store().containsAlias(settings.keyLabel())) {
        return false;
      }
      KeyGenerator generator = KeyGenerator.getInstance("AES", session.provider());
      generator.init(256);
      session.store().setEntry(settings.keyLabel(), new KeyStore.SecretKeyEntry(generator.generateKey()), null);
      return true;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not create the root key in the PKCS#11 token: " + e.getClass().getSimpleName());
    }
  }

  public Pkcs11Settings settings() {
    return settings;
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public byte[] wrap(byte[] kek, byte[] binding) {
    byte[] header = header(settings.keyLabel());
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    byte[] ciphertext = call(() -> {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", session().provider());
      cipher.init(Cipher.ENCRYPT_MODE, key(settings.keyLabel()), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(aad(header, binding));
      return cipher.doFinal(kek);
    });
    return ByteBuffer.allocate(header.length + IV_BYTES + ciphertext.length).put(header).put(iv).put(ciphertext).array();
  }

  @Override
  public byte[] unwrap(byte[] wrapped, byte[] binding) {
    Parsed parsed = parse(wrapped);
    try {
      return call(() -> {
        Key key = session().store().getKey(parsed.label(), null);
        if (key == null) {
          reset(); // the key store lists the token's keys when it logs in: a key added since (the next root key) needs a fresh look
          key = session().store().getKey(parsed.label(), null);
        }
        if (key == null) {
          key(settings.keyLabel()); // a token that went away looks empty: unless the configured key is there, this is an outage
          throw new Envelope.TamperedValue("a KEK names a root key this token does not hold");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", session().provider());
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, parsed.iv()));
        cipher.updateAAD(aad(parsed.header(), binding));
        return cipher.doFinal(parsed.ciphertext());
      });
    } catch (TagMismatch e) {
      check(); // the token answers a round trip (or this throws the outage): so the value itself is wrong
      throw new Envelope.TamperedValue("a KEK failed authentication under the PKCS#11 root key: altered, rebound, or wrapped by another key");
    }
  }

  @Override
  public boolean wrote(byte[] wrapped) {
    return wrapped.length > MAGIC.length && Arrays.equals(wrapped, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /**
   * Stops the token threads and forgets the session. It does not log out: a PKCS#11 login belongs to
   * the whole process, and another user of the same token in it (a second instance, a tool) would lose it.
   */
  @Override
  public void close() {
    token.shutdownNow();
    reset();
  }

  private <T> T call(Callable<T> operation) {
    Future<T> result = token.submit(() -> {
      try {
        return operation.call();
      } catch (AEADBadTagException e) {
        throw new TagMismatch();
      } catch (Envelope.TamperedValue e) {
        throw e;
      } catch (Exception | Error e) {
        reset(); // log in afresh next time: after a token outage its sessions and key handles are dead
        throw e;
      }
    });
    try {
      return result.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      throw new DependencyUnavailable(dependency, new TimeoutException("no answer within " + settings.timeout().toMillis() + " ms"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DependencyUnavailable(dependency, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TagMismatch mismatch) {
        throw mismatch;
      }
      if (e.getCause() instanceof Envelope.TamperedValue tampered) {
        throw tampered;
      }
      throw new DependencyUnavailable(dependency, new IllegalStateException(reason(e.getCause())));
    }
  }

  private synchronized Session session() throws GeneralSecurityException, IOException {
    if (session == null) {
      session = open(settings);
    }
    return session;
  }

  /** The next call opens a new provider and logs in again (a login the token still holds is accepted as it is). */
  private synchronized void reset() {
    session = null;
  }

  private Key key(String label) throws GeneralSecurityException, IOException {
    Key key = session().store().getKey(label, null);
    if (key == null) {
      throw new IllegalStateException("the token holds no key labelled '" + label + "' ('portcullis root-key pkcs11-keygen' creates one)");
    }
    return key;
  }

  private static Session open(Pkcs11Settings settings) throws GeneralSecurityException, IOException {
    long slot = settings.slot().orElseGet(() -> Pkcs11Slots.slotOf(settings.library(), settings.tokenLabel().orElseThrow()));
    String config = "--name=portcullis-root-key\n"
        + "library=" + settings.library() + "\n"
        + "slot=" + slot + "\n"
        // keys this provider generates are sensitive and never extractable; storing one copies it into the token
        + "attributes(generate,CKO_SECRET_KEY,CKK_AES)={\n  CKA_SENSITIVE=true\n  CKA_EXTRACTABLE=false\n}\n";
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) {
      throw new IllegalStateException("this JVM has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
    }
    AuthProvider provider = (AuthProvider) base.configure(config);
    KeyStore store = KeyStore.getInstance("PKCS11", provider);
    char[] pin = readPin(settings);
    try {
      store.load(null, pin);
    } finally {
      Arrays.fill(pin, '\0');
    }
    return new Session(provider, store);
  }

  private static char[] readPin(Pkcs11Settings settings) throws IOException {
    byte[] bytes = Files.readAllBytes(settings.pinFile());
    try {
      int end = bytes.length;
      while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
        end--;
      }
      return StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, end)).array();
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static byte[] header(String label) {
    byte[] name = label.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(MAGIC.length + 2 + name.length).put(MAGIC).put(VERSION).put((byte) name.length).put(name).array();
  }

  private static byte[] aad(byte[] header, byte[] binding) {
    return ByteBuffer.allocate(header.length + binding.length).put(header).put(binding).array();
  }

  private record Parsed(byte[] header, String label, byte[] iv, byte[] ciphertext) {}

  private Parsed parse(byte[] wrapped) {
    if (!wrote(wrapped) || wrapped.length < MAGIC.length + 2 || wrapped[MAGIC.length] != VERSION) {
      throw new Envelope.TamperedValue("a KEK is not in the PKCS#11 root key's format");
    }
    int labelLength = wrapped[MAGIC.length + 1] & 0xff;
    int headerLength = MAGIC.length + 2 + labelLength;
    if (labelLength == 0 || wrapped.length < headerLength + IV_BYTES + TAG_BITS / 8) {
      throw new Envelope.TamperedValue("a KEK is not in the PKCS#11 root key's format");
    }
    return new Parsed(Arrays.copyOf(wrapped, headerLength), new String(wrapped, MAGIC.length + 2, labelLength, StandardCharsets.UTF_8),
        Arrays.copyOfRange(wrapped, headerLength, headerLength + IV_BYTES), Arrays.copyOfRange(wrapped, headerLength + IV_BYTES, wrapped.length));
  }

  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  /** The tag did not verify: tampering, or a token that failed mid-operation; {@link #unwrap} tells which. */
  private static final class TagMismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TagMismatch() {
      super("tag mismatch", null, false, false);
    }
  }
}
