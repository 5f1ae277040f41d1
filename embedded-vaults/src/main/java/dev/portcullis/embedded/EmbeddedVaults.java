package dev.portcullis.embedded;

import dev.portcullis.adapter.crypto.EnvironmentRootKey;
import dev.portcullis.adapter.crypto.RootKeys;
import dev.portcullis.adapter.webclient.EgressRules;
import dev.portcullis.application.audit.port.in.QueryAudit;
import dev.portcullis.application.audit.port.in.VerifyAuditChain;
import dev.portcullis.application.connection.port.in.CompleteConnectionCallback;
import dev.portcullis.application.connection.port.in.ConnectWithoutBrowser;
import dev.portcullis.application.connection.port.in.DeleteConnection;
import dev.portcullis.application.connection.port.in.DeleteProvider;
import dev.portcullis.application.connection.port.in.GetConnection;
import dev.portcullis.application.connection.port.in.GetProvider;
import dev.portcullis.application.connection.port.in.IssueConnectionToken;
import dev.portcullis.application.connection.port.in.ListConnections;
import dev.portcullis.application.connection.port.in.ListProviders;
import dev.portcullis.application.connection.port.in.ReadConnectionUserinfo;
import dev.portcullis.application.connection.port.in.RefreshConnectionToken;
import dev.portcullis.application.connection.port.in.RegisterProvider;
import dev.portcullis.application.connection.port.in.StartConnection;
import dev.portcullis.application.connection.port.in.UpdateProvider;
import dev.portcullis.application.secret.port.in.DeleteSecret;
import dev.portcullis.application.secret.port.in.DescribeSecret;
import dev.portcullis.application.secret.port.in.ListSecretVersions;
import dev.portcullis.application.secret.port.in.PurgeSecret;
import dev.portcullis.application.secret.port.in.ReadSecret;
import dev.portcullis.application.secret.port.in.RestoreSecret;
import dev.portcullis.application.secret.port.in.SaveSecret;
import dev.portcullis.application.secret.port.in.SearchSecrets;
import dev.portcullis.application.secret.port.in.UpdateSecretMetadata;
import dev.portcullis.application.shared.port.out.Decisions;
import dev.portcullis.application.shared.port.out.DependencyUnavailable;
import dev.portcullis.application.shared.port.out.RootKey;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.embedded.internal.VaultsRuntime;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Portcullis's secret vault and outbound token vault inside a JVM product, without HTTP: the same use
 * cases, adapters and guarantees as the service (envelope encryption under the product's root key,
 * tenant isolation by row-level security, the audit hash chain, single-flight refresh), on the
 * product's own Postgres. Start it once, share it, {@link #close()} it at shutdown.
 *
 * <pre>{@code
 * try (EmbeddedVaults vaults = EmbeddedVaults.builder()
 *     .postgres("postgresql://app@db:5432/vault")
 *     .rootKey(SecretBytes.ofUtf8(System.getenv("VAULT_ROOT_KEY")))
 *     .start()) {
 *   vaults.secrets().save().save(context, new SaveSecret.Save(tenant, name, value, null, null, "app", OptionalInt.empty()));
 * }
 * }</pre>
 *
 * Public and stable (semantic versioning): this package, the inbound ports its records hold and the
 * domain and application types those ports use. {@code dev.portcullis.embedded.internal} and every
 * adapter are internal. See docs/embedding.md.
 */
public final class EmbeddedVaults implements AutoCloseable {
  private static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);

  /** What {@link Builder#start()} does with the schema. */
  public enum Schema {
    /** Apply missing migrations (under an advisory lock, safe with the service and other processes starting at once). */
    MIGRATE,
    /** Change nothing; refuse to start unless the schema is exactly this version's (the service or {@code portcullis migrate} owns it). */
    CHECK
  }

  private final VaultsRuntime runtime;
  private final ExecutorService async;
  private final SecretVault secrets;
  private final Optional<TokenVault> tokens;
  private boolean closed;

  private EmbeddedVaults(VaultsRuntime runtime) {
    this.runtime = runtime;
    this.async = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("portcullis-vaults-", 0).factory());
    this.secrets = new SecretVault(get(SaveSecret.class), get(ReadSecret.class), get(DescribeSecret.class), get(ListSecretVersions.class),
        get(SearchSecrets.class), get(UpdateSecretMetadata.class), get(DeleteSecret.class), get(RestoreSecret.class), get(PurgeSecret.class),
        get(QueryAudit.class), get(VerifyAuditChain.class));
    this.tokens = runtime.tokenVault()
        ? Optional.of(new TokenVault(get(RegisterProvider.class), get(ListProviders.class), get(GetProvider.class), get(UpdateProvider.class),
            get(DeleteProvider.class), get(StartConnection.class), get(CompleteConnectionCallback.class), get(ConnectWithoutBrowser.class),
            get(ListConnections.class), get(GetConnection.class), get(IssueConnectionToken.class), get(RefreshConnectionToken.class),
            get(ReadConnectionUserinfo.class), get(DeleteConnection.class)))
        : Optional.empty();
  }

  private <T> T get(Class<T> type) {
    return runtime.get(type);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A fresh root key in the form {@link Builder#rootKey(SecretBytes)} takes (and {@code PORTCULLIS_ROOT_KEY} holds): base64 of 32 random bytes. */
  public static SecretBytes generateRootKey() {
    return RootKeys.generate();
  }

  /** The secret vault. */
  public SecretVault secrets() {
    return secrets;
  }

  /** The outbound token vault; only when the builder was given a {@link Builder#connectCallback callback URL}. */
  public TokenVault tokens() {
    return tokens.orElseThrow(() -> new IllegalStateException("the token vault needs the product's callback URL: EmbeddedVaults.builder().connectCallback(...)"));
  }

  /**
   * Runs a call on a virtual thread of the vaults and completes with its result, for products whose
   * threads must not block (an event loop, a reactive pipeline). Every use case blocks the thread it
   * runs on; virtual threads make that cheap, and the Postgres pool bounds the concurrency.
   */
  public <T> CompletableFuture<T> async(Supplier<T> call) {
    Objects.requireNonNull(call, "call");
    try {
      return CompletableFuture.supplyAsync(call, async);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new IllegalStateException("the vaults are closed"));
    }
  }

  /**
   * Stops accepting {@link #async} calls and waits for running ones (up to 10 s), then closes the pool, the
   * HTTP client and the root key. Blocking calls still running on the product's own threads fail with an
   * error once their resources are gone (never with a wrong value): stop them first. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    async.shutdown();
    try {
      if (!async.awaitTermination(CLOSE_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        async.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      async.shutdownNow();
    }
    runtime.close();
  }

  /** How to reach Postgres, the root key, and (for the token vault) the product's callback and egress policy. */
  public static final class Builder {
    private String postgresUrl;
    private int poolSize = 8;
    private Duration queryTimeout = Duration.ofSeconds(5);
    private RootKey rootKey;
    private Schema schema = Schema.MIGRATE;
    private URI callback;
    private Duration refreshAhead = Duration.ofSeconds(30);
    private Duration providerTimeout = Duration.ofSeconds(10);
    private final List<String> egressAllow = new ArrayList<>();
    private boolean allowPlainHttp;
    private int maxSecretBytes = 64 * 1024;
    private Duration deleteRetention = Duration.ofDays(30);
    private InstantSource clock = InstantSource.system();
    private Decisions decisions = Decisions.NONE;

    private Builder() {}

    /**
     * The product's Postgres: {@code postgresql://user:password@host:port/database} (also {@code postgres://},
     * or {@code jdbc:postgresql://host:port/database?user=..&password=..}). Give the vaults a database of
     * their own on that server: their tables are not namespaced.
     */
    public Builder postgres(String url) {
      Objects.requireNonNull(url, "url");
      this.postgresUrl = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
      return this;
    }

    /** Connections the vaults may hold (default 8); waiting beyond them is bounded by the query timeout. */
    public Builder postgresPoolSize(int size) {
      if (size < 1 || size > 1_000) {
        throw new IllegalArgumentException("pool size must be 1-1000");
      }
      this.poolSize = size;
      return this;
    }

    /** The deadline of one statement (default 5 s): a database that does not answer is a {@code DependencyUnavailable} after it. */
    public Builder queryTimeout(Duration timeout) {
      this.queryTimeout = positive(timeout, "query timeout");
      return this;
    }

    /** The root key in the form {@code PORTCULLIS_ROOT_KEY} takes (base64 of 32 bytes, or a Tink keyset); see {@link #generateRootKey()}. */
    public Builder rootKey(SecretBytes key) {
      this.rootKey = new EnvironmentRootKey(Objects.requireNonNull(key, "key"));
      return this;
    }

    /**
     * Any root-key provider, e.g. a PKCS#11 token (adapters-pkcs11's {@code Pkcs11RootKey}), or a
     * {@code MigratingRootKey} while moving between providers. {@link #start()} takes it over: the vaults
     * close it when they close, or when the start fails; a second start needs a key of its own.
     */
    public Builder rootKey(RootKey key) {
      this.rootKey = Objects.requireNonNull(key, "key");
      return this;
    }

    public Builder schema(Schema schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /**
     * Enables the token vault: the URL of the product's own endpoint that providers redirect the browser
     * back to (register it with each provider); that endpoint passes {@code state}, {@code code} and
     * {@code error} to {@link TokenVault#completeConnection()}.
     */
    public Builder connectCallback(URI callback) {
      Objects.requireNonNull(callback, "callback");
      if (!callback.isAbsolute() || callback.getFragment() != null) {
        throw new IllegalArgumentException("the callback must be an absolute URL without a fragment");
      }
      this.callback = callback;
      return this;
    }

    /** A stored provider token with less than this left is refreshed before it is handed out (default 30 s; a provider may set its own). */
    public Builder refreshAhead(Duration buffer) {
      this.refreshAhead = Objects.requireNonNull(buffer, "buffer");
      return this;
    }

    /** The deadline of one exchange with a provider (default 10 s). */
    public Builder providerTimeout(Duration timeout) {
      this.providerTimeout = positive(timeout, "provider timeout");
      return this;
    }

    /**
     * Hosts or networks the token vault may reach besides public addresses (the same entries as
     * {@code PORTCULLIS_EGRESS_ALLOW}: a host name, an address or a CIDR). Loopback, private and
     * link-local addresses are refused unless listed here.
     */
    public Builder allowEgress(String... entries) {
      for (String entry : entries) {
        EgressRules.invalidEntry(entry).ifPresent(problem -> {
          throw new IllegalArgumentException("egress entry '" + entry + "': " + problem);
        });
        egressAllow.add(entry);
      }
      return this;
    }

    /** Allows plain {@code http://} provider URLs (default: https only). For development and tests. */
    public Builder allowPlainHttp(boolean allow) {
      this.allowPlainHttp = allow;
      return this;
    }

    /** The largest secret value (default 64 KiB) and how long a soft-deleted secret stays restorable (default 30 days). */
    public Builder secretLimits(int maxBytes, Duration deleteRetention) {
      if (maxBytes < 1) {
        throw new IllegalArgumentException("max bytes must be positive");
      }
      this.maxSecretBytes = maxBytes;
      this.deleteRetention = positive(deleteRetention, "delete retention");
      return this;
    }

    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where decisions are counted (the product's metrics); default: nowhere. */
    public Builder decisions(Decisions decisions) {
      this.decisions = Objects.requireNonNull(decisions, "decisions");
      return this;
    }

    /**
     * Connects, applies or checks the schema, loads (or on first start creates) the key-encryption
     * keys under the root key. Fails with the reason, having released what it opened, when the database
     * is unreachable, the schema does not match, or the root key is not the one the keys were wrapped with.
     */
    public EmbeddedVaults start() {
      if (postgresUrl == null) {
        throw new IllegalStateException("the vaults need Postgres: builder().postgres(url)");
      }
      if (rootKey == null) {
        throw new IllegalStateException("the vaults need a root key: builder().rootKey(...)");
      }
      VaultsRuntime.Settings settings = new VaultsRuntime.Settings(VaultsRuntime.connectOptions(postgresUrl), poolSize, queryTimeout, rootKey,
          schema == Schema.MIGRATE, Optional.ofNullable(callback), refreshAhead, providerTimeout, List.copyOf(egressAllow), allowPlainHttp,
          maxSecretBytes, deleteRetention, clock, decisions);
      rootKey = null; // from here the vaults own the key: they close it, on a failed start too; a retry passes a new one
      return new EmbeddedVaults(VaultsRuntime.start(settings));
    }

    private static Duration positive(Duration duration, String what) {
      if (duration == null || duration.isZero() || duration.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return duration;
    }
  }
}
