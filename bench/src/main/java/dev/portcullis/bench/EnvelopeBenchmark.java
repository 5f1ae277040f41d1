package dev.portcullis.bench;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AeadConfig2026;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.portcullis.adapter.crypto.JcaProviders;
import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.adapter.crypto.TinkEnvelope;
import dev.portcullis.adapter.memory.secret.InMemoryKekStore;
import dev.portcullis.domain.shared.SealedValue;
import dev.portcullis.domain.secret.SecretBinding;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.domain.shared.TenantId;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Crypto-only cost of the vault per operation. Baseline: one AES-256-GCM encryption of the same
 * value with an existing key (the least any encrypting store must pay). seal = new data key +
 * encrypt + wrap; open = unwrap + decrypt; rewrap = unwrap + wrap. On the JCA provider the service
 * installs at startup ({@link JcaProviders#install()}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnvelopeBenchmark {
  private final byte[] binding = SecretBinding.of(new TenantId("bench"), new SecretName("db/password"), 1);
  private final SecretBytes value = SecretBytes.ofUtf8("postgresql://app:correct-horse-battery-staple@db:5432/app?sslmode=verify-full");
  private TinkEnvelope envelope;
  private Aead baselineAead;
  private SealedValue sealed;
  private SealedValue sealedWithOldKek;

  @Setup
  public void setUp() throws Exception {
    JcaProviders.install(); // as the service does at startup: Tink's AES-GCM then comes from the chosen provider where it has one
    envelope = new TinkEnvelope(RootKeys.generate(), new InMemoryKekStore(), InstantSource.system());
    sealedWithOldKek = envelope.seal(value, binding);
    envelope.rotate();
    sealed = envelope.seal(value, binding);
    baselineAead = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM).getPrimitive(AeadConfig2026.get(), Aead.class);
  }

  @Benchmark
  public byte[] baselineAesGcmEncrypt() throws Exception {
    return baselineAead.encrypt(value.reveal(), binding);
  }

  @Benchmark
  public SealedValue seal() {
    return envelope.seal(value, binding);
  }

  @Benchmark
  public SecretBytes open() {
    return envelope.open(sealed, binding);
  }

  @Benchmark
  public SealedValue rewrap() {
    return envelope.rewrap(sealedWithOldKek, binding);
  }
}
