package dev.portcullis.adapter.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Chooses the JCA provider that jose4j and Tink get first: the Amazon Corretto Crypto Provider (native
 * AWS-LC) where its native library loads and its self-tests pass, otherwise BouncyCastle; never the
 * JDK's SunEC for EC keys (an order of magnitude slower for P-384 verification and ES256 signing, see
 * docs/crypto-provider.md). An algorithm the chosen provider lacks falls through to the JDK's providers.
 * {@link #install()} is idempotent; call it once at startup, before any key is generated.
 */
public final class JcaProviders {
  /** The EC operations that must come from the chosen provider; install() fails loudly if they do not. */
  static final List<String> EC_SIGNATURES = List.of("SHA256withECDSA", "SHA384withECDSA");

  private static Active active;
  private static java.util.concurrent.CompletableFuture<Active> loading;

  private JcaProviders() {}

  /** The provider at JCA position 1 and why it was chosen. */
  public record Active(Provider provider, String description) {
    /** True for ACCP, false for the pure-Java fallback. */
    public boolean isNative() {
      return provider.getName().equals(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
    }
  }

  /**
   * Starts loading the native provider on a thread of its own (ACCP unpacks its library and runs its
   * self-tests: a few hundred milliseconds), so that startup can do other work meanwhile;
   * {@link #install()} then waits for it. Changes nothing global. Idempotent.
   */
  public static synchronized void loadInBackground() {
    if (active == null && loading == null) {
      loading = new java.util.concurrent.CompletableFuture<>();
      java.util.concurrent.CompletableFuture<Active> result = loading;
      Thread.ofPlatform().daemon().name("jca-provider-load").start(() -> result.complete(choose(JcaProviders::healthyAccp)));
    }
  }

  /** Puts the chosen provider at JCA position 1 (once; later calls return the same choice) and checks that EC comes from it. */
  public static synchronized Active install() {
    if (active == null) {
      active = loading != null ? loading.join() : choose(JcaProviders::healthyAccp); // choose() never throws: it falls back
    }
    Provider provider = active.provider();
    if (Security.getProviders()[0] != provider) {
      Security.removeProvider(provider.getName()); // in case it was added further down by someone else
      Security.insertProviderAt(provider, 1);
    }
    requireEcFrom(provider);
    return active;
  }

  /** ACCP if {@code accp} yields it, else BouncyCastle with the reason ACCP could not be used. No global state. */
  static Active choose(Supplier<Provider> accp) {
    try {
      Provider provider = accp.get();
      String awsLc = provider instanceof AmazonCorrettoCryptoProvider corretto ? corretto.getAwsLcVersionStr() : "AWS-LC";
      return new Active(provider, provider.getName() + " " + provider.getVersionStr() + " (native " + awsLc + ")");
    } catch (RuntimeException | LinkageError e) { // no native library for this platform, failed self-test, jar missing
      Provider bc = new BouncyCastleProvider();
      return new Active(bc, bc.getName() + " " + bc.getVersionStr() + " (ACCP unavailable: " + reason(e) + ")");
    }
  }

  private static Provider healthyAccp() {
    AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
    accp.assertHealthy(); // throws when the native library did not load or a self-test failed
    return accp;
  }

  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  private static void requireEcFrom(Provider provider) {
    try {
      for (String algorithm : EC_SIGNATURES) {
        String from = Signature.getInstance(algorithm).getProvider().getName();
        if (!from.equals(provider.getName())) {
          throw new IllegalStateException(algorithm + " comes from " + from + ", not from " + provider.getName());
        }
      }
      String keys = KeyPairGenerator.getInstance("EC").getProvider().getName();
      if (!keys.equals(provider.getName())) {
        throw new IllegalStateException("EC key generation comes from " + keys + ", not from " + provider.getName());
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no provider offers ECDSA", e);
    }
  }
}
