package dev.portcullis.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.application.audit.port.in.AuditAccess;
import dev.portcullis.application.audit.port.out.AuditLog.AuditQuery;
import dev.portcullis.application.secret.port.in.RevealedSecret;
import dev.portcullis.application.secret.port.in.SaveSecret;
import dev.portcullis.application.secret.port.in.SecretOutcome;
import dev.portcullis.application.secret.port.out.SecretStore.SecretQuery;
import dev.portcullis.application.shared.Page;
import dev.portcullis.application.shared.RequestContext;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditChain;
import dev.portcullis.domain.audit.AuditRecord;
import dev.portcullis.domain.secret.SecretName;
import dev.portcullis.domain.secret.SecretRecord;
import dev.portcullis.domain.shared.Principal;
import dev.portcullis.domain.shared.SecretBytes;
import dev.portcullis.domain.shared.TenantId;
import dev.portcullis.testsupport.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The secret vault in-process on a real Postgres: the service's guarantees, without HTTP. */
class EmbeddedVaultsIT {
  private static final TenantId ACME = new TenantId("acme");
  private static final TenantId GLOBEX = new TenantId("globex");
  private static final RequestContext ADMIN = new RequestContext(new Principal.Admin("product"), "req-1", "in-process");
  private static final RequestContext ACME_APP = new RequestContext(new Principal.Client("billing", ACME, Set.of("secrets:read", "secrets:write")), "", "");
  private static final SecretBytes ROOT = EmbeddedVaults.generateRootKey();
  private static TestPostgres db;
  private static EmbeddedVaults vaults;

  @BeforeAll
  static void start() {
    db = TestPostgres.get().freshDatabase("embedded");
    vaults = EmbeddedVaults.builder().postgres(db.url()).rootKey(ROOT).start();
  }

  @AfterAll
  static void stop() {
    if (vaults != null) {
      vaults.close();
    }
  }

  private static SaveSecret.Save save(TenantId tenant, String name, String value) {
    return new SaveSecret.Save(tenant, new SecretName(name), SecretBytes.ofUtf8(value), "a test secret", Set.of("test"), "product", OptionalInt.empty());
  }

  private static <T> T ok(SecretOutcome<T> outcome) {
    assertThat(outcome).isInstanceOf(SecretOutcome.Ok.class);
    return ((SecretOutcome.Ok<T>) outcome).value();
  }

  @Test
  void saves_versions_reads_searches_deletes_and_restores_a_secret_with_every_step_in_an_intact_audit_chain() {
    SecretVault secrets = vaults.secrets();
    assertThat(ok(secrets.save().save(ACME_APP, save(ACME, "stripe/api-key", "sk_live_one"))).created()).isTrue();
    assertThat(ok(secrets.save().save(ACME_APP, save(ACME, "stripe/api-key", "sk_live_two"))).record().currentVersion()).isEqualTo(2);

    RevealedSecret latest = ok(secrets.read().read(ACME_APP, ACME, new SecretName("stripe/api-key"), OptionalInt.empty()));
    assertThat(latest.value().revealUtf8()).isEqualTo("sk_live_two");
    assertThat(ok(secrets.read().read(ACME_APP, ACME, new SecretName("stripe/api-key"), OptionalInt.of(1))).value().revealUtf8()).isEqualTo("sk_live_one");
    assertThat(ok(secrets.versions().versions(ACME_APP, ACME, new SecretName("stripe/api-key")))).hasSize(2);

    for (int i = 0; i < 5; i++) {
      ok(secrets.save().save(ACME_APP, save(ACME, "paged/" + i, "v" + i)));
    }
    Page<SecretRecord> first = ok(secrets.search().search(ACME_APP, ACME, new SecretQuery(null, "paged/", null, 1, 2)));
    Page<SecretRecord> last = ok(secrets.search().search(ACME_APP, ACME, new SecretQuery(null, "paged/", null, 3, 2)));
    assertThat(first.total()).isEqualTo(5);
    assertThat(first.items()).hasSize(2);
    assertThat(last.items()).hasSize(1);

    ok(secrets.delete().delete(ACME_APP, ACME, new SecretName("paged/0")));
    assertThat(secrets.read().read(ACME_APP, ACME, new SecretName("paged/0"), OptionalInt.empty())).isInstanceOf(SecretOutcome.NotFound.class);
    ok(secrets.restore().restore(ACME_APP, ACME, new SecretName("paged/0")));
    assertThat(ok(secrets.read().read(ACME_APP, ACME, new SecretName("paged/0"), OptionalInt.empty())).value().revealUtf8()).isEqualTo("v0");

    AuditAccess<Page<AuditRecord>> reads = secrets.audit().query(ADMIN, ACME, new AuditQuery(Optional.of(AuditAction.SECRET_READ), Optional.empty(),
        Optional.empty(), 1, 50));
    assertThat(reads).isInstanceOf(AuditAccess.Granted.class);
    List<AuditRecord> records = ((AuditAccess.Granted<Page<AuditRecord>>) reads).value().items();
    assertThat(records).hasSizeGreaterThanOrEqualTo(3).allSatisfy(r -> assertThat(r.event().actor()).isEqualTo("client:billing"));
    AuditAccess<AuditChain.Verification> verified = secrets.verifyAudit().verify(ADMIN, ACME);
    assertThat(verified).isInstanceOf(AuditAccess.Granted.class);
    assertThat(((AuditAccess.Granted<AuditChain.Verification>) verified).value().firstBrokenSequence()).isEmpty();
  }

  @Test
  void another_tenant_is_denied_and_the_refusal_is_audited_without_the_value() {
    ok(vaults.secrets().save().save(ADMIN, save(GLOBEX, "db/password", "globex-only")));
    assertThat(vaults.secrets().read().read(ACME_APP, GLOBEX, new SecretName("db/password"), OptionalInt.empty())).isInstanceOf(SecretOutcome.Denied.class);
    assertThat(vaults.secrets().save().save(ACME_APP, save(GLOBEX, "db/password", "overwritten"))).isInstanceOf(SecretOutcome.Denied.class);
    // the same name in the caller's own tenant is another secret (row-level security keeps the rows apart)
    assertThat(vaults.secrets().read().read(ACME_APP, ACME, new SecretName("db/password"), OptionalInt.empty())).isInstanceOf(SecretOutcome.NotFound.class);
    assertThat(ok(vaults.secrets().read().read(ADMIN, GLOBEX, new SecretName("db/password"), OptionalInt.empty())).value().revealUtf8())
        .isEqualTo("globex-only");
  }

  @Test
  void a_reader_without_the_write_scope_cannot_write() {
    RequestContext reader = new RequestContext(new Principal.Client("reporting", ACME, Set.of("secrets:read")), "", "");
    assertThat(vaults.secrets().save().save(reader, save(ACME, "reporting/token", "x"))).isInstanceOf(SecretOutcome.Denied.class);
  }

  @Test
  void values_are_stored_only_sealed() {
    ok(vaults.secrets().save().save(ACME_APP, save(ACME, "sealed/check", "plaintext-sentinel-4f2a")));
    String everything = sql("SELECT coalesce(string_agg(t::text, ' '), '') FROM secret_versions t");
    assertThat(everything).isNotEmpty().doesNotContain("plaintext-sentinel-4f2a")
        .doesNotContain(java.util.Base64.getEncoder().encodeToString("plaintext-sentinel-4f2a".getBytes()));
  }

  @Test
  void async_use_completes_with_the_same_outcome_off_the_callers_thread() {
    ok(vaults.secrets().save().save(ACME_APP, save(ACME, "async/one", "from-a-future")));
    Thread caller = Thread.currentThread();
    String value = vaults.async(() -> {
      assertThat(Thread.currentThread()).isNotSameAs(caller);
      return ok(vaults.secrets().read().read(ACME_APP, ACME, new SecretName("async/one"), OptionalInt.empty())).value().revealUtf8();
    }).orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(value).isEqualTo("from-a-future");
  }

  @Test
  void a_checked_schema_refuses_an_empty_database_and_accepts_a_migrated_one() {
    TestPostgres empty = TestPostgres.get().freshDatabase("embedded_check");
    assertThatThrownBy(() -> EmbeddedVaults.builder().postgres(empty.url()).rootKey(ROOT).schema(EmbeddedVaults.Schema.CHECK).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("lacks migrations");
    EmbeddedVaults.builder().postgres(empty.url()).rootKey(ROOT).start().close();
    try (EmbeddedVaults checked = EmbeddedVaults.builder().postgres(empty.url()).rootKey(ROOT).schema(EmbeddedVaults.Schema.CHECK).start()) {
      assertThat(checked.secrets()).isNotNull();
    }
  }

  @Test
  void another_root_key_cannot_open_the_keys_and_start_fails_without_leaking_a_connection() {
    TestPostgres other = TestPostgres.get().freshDatabase("embedded_rootkey");
    EmbeddedVaults.builder().postgres(other.url()).rootKey(ROOT).start().close();
    assertThatThrownBy(() -> EmbeddedVaults.builder().postgres(other.url()).rootKey(EmbeddedVaults.generateRootKey()).start())
        .isInstanceOf(RuntimeException.class).message().doesNotContain(ROOT.revealUtf8());
    assertThat(connectionsTo(other.database())).isZero();
  }

  @Test
  void closing_releases_every_connection_and_thread() throws Exception {
    TestPostgres own = TestPostgres.get().freshDatabase("embedded_close");
    long before = vertxThreads();
    EmbeddedVaults opened = EmbeddedVaults.builder().postgres(own.url()).rootKey(ROOT).start();
    ok(opened.secrets().save().save(ACME_APP, save(ACME, "close/me", "x")));
    opened.async(() -> "warm").join();
    assertThat(connectionsNow(own.database())).isPositive();
    opened.close();
    opened.close(); // idempotent
    assertThat(connectionsTo(own.database())).isZero();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline && vertxThreads() > before) {
      Thread.sleep(50);
    }
    assertThat(vertxThreads()).as("Vert.x threads after the vaults closed, against before they opened").isLessThanOrEqualTo(before);
    assertThat(opened.async(() -> "after close")).as("a closed vault fails the future, it does not throw at the caller")
        .failsWithin(Duration.ofSeconds(1)).withThrowableThat().havingRootCause().withMessageContaining("closed");
  }

  @Test
  void an_unreachable_database_fails_start_with_a_dependency_failure_and_leaves_no_thread_behind() throws Exception {
    long before = vertxThreads();
    EmbeddedVaults.Builder builder = EmbeddedVaults.builder().postgres("postgresql://postgres@127.0.0.1:1/nothing").rootKey(ROOT);
    assertThatThrownBy(builder::start).isInstanceOf(dev.portcullis.application.shared.port.out.DependencyUnavailable.class);
    assertThatThrownBy(builder::start).as("the failed start took the root key over and closed it").hasMessageContaining("root key");
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline && vertxThreads() > before) {
      Thread.sleep(50);
    }
    assertThat(vertxThreads()).isLessThanOrEqualTo(before);
  }

  @Test
  void url_parameters_the_client_would_drop_are_refused_naming_the_parameter_and_never_the_password() {
    String withPassword = "postgresql://app:pw-sentinel-91c@127.0.0.1:5432/vault";
    assertThatThrownBy(() -> EmbeddedVaults.builder().postgres(withPassword + "?ssl=true").rootKey(ROOT).start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ssl'").hasMessageContaining("sslmode")
        .message().doesNotContain("pw-sentinel-91c");
    assertThatThrownBy(() -> EmbeddedVaults.builder().postgres("jdbc:" + withPassword.replace("postgresql://", "postgresql://") + "?socketTimeout=5").rootKey(ROOT).start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'socketTimeout'").message().doesNotContain("pw-sentinel-91c");
  }

  @Test
  void bad_settings_are_refused_before_anything_is_opened() {
    assertThatThrownBy(() -> EmbeddedVaults.builder().rootKey(ROOT).start()).hasMessageContaining("Postgres");
    assertThatThrownBy(() -> EmbeddedVaults.builder().postgres(db.url()).start()).hasMessageContaining("root key");
    assertThatThrownBy(() -> EmbeddedVaults.builder().allowEgress("not a cidr/99")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> vaults.tokens()).isInstanceOf(IllegalStateException.class).hasMessageContaining("callback");
  }

  private static long vertxThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("vert.x-") && t.isAlive()).count();
  }

  private static long connectionsNow(String database) {
    return Long.parseLong(sql("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database + "' AND pid <> pg_backend_pid()"));
  }

  /** Connections to {@code database}, waiting up to 5 s for them to go. */
  private static long connectionsTo(String database) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    long count;
    do {
      count = connectionsNow(database);
      if (count == 0) {
        return 0;
      }
    } while (System.nanoTime() < deadline && sleep());
    return count;
  }

  private static boolean sleep() {
    try {
      Thread.sleep(50);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String sql(String query) {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(db.connectOptions()).using(vertx).build();
      try {
        Object value = pool.query(query).execute().await().iterator().next().getValue(0);
        return String.valueOf(value);
      } finally {
        pool.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }
}
