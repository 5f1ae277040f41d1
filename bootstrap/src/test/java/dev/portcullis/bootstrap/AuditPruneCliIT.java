package dev.portcullis.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.bootstrap.config.ConfigLoader;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.audit.AuditEvent;
import dev.portcullis.domain.audit.AuditOutcome;
import dev.portcullis.domain.shared.TenantId;
import dev.portcullis.testsupport.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code portcullis audit prune} against a real database: a dry run by default, and a prune that leaves every chain verifiable. */
class AuditPruneCliIT {
  private static final TenantId ACME = new TenantId("acme");
  private static Map<String, String> env;
  private static Injector injector;
  private static AuditLog log;

  @BeforeAll
  static void database() {
    TestPostgres database = TestPostgres.get().freshDatabase("auditprune");
    env = Map.of("PORTCULLIS_PG_URL", database.url());
    assertThat(run("migrate")).isZero();
    injector = Guice.createInjector(new RuntimeModule(), Portcullis.postgresModule(ConfigLoader.loadForMigrate(env, null)));
    log = injector.getInstance(AuditLog.class);
    Instant now = Instant.now();
    for (int i = 0; i < 5; i++) {
      log.append(event(now.minus(Duration.ofDays(100 - i))));
    }
    log.append(event(now.minus(Duration.ofDays(1))));
  }

  @AfterAll
  static void close() {
    injector.getInstance(Pool.class).close().await();
    injector.getInstance(Vertx.class).close().await();
  }

  private static AuditEvent event(Instant at) {
    return new AuditEvent(ACME, "tester", AuditAction.SECRET_READ, "k", AuditOutcome.SUCCESS, "", "", at, "", "");
  }

  private static final StringWriter out = new StringWriter();

  private static int run(String... args) {
    out.getBuffer().setLength(0);
    return new Cli(env, false).execute(new PrintWriter(out), new PrintWriter(new StringWriter()), args);
  }

  private static long records() {
    return log.query(ACME, new AuditLog.AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), 1, 100)).total();
  }

  @Test
  void a_dry_run_reports_then_apply_removes_and_leaves_a_checkpoint_and_a_verifiable_chain() {
    assertThat(run("audit", "prune", "--older-than", "30")).isZero();
    assertThat(out.toString()).contains("dry run: would remove 5 audit records").contains("acme: 5 records through sequence 5");
    assertThat(records()).as("a dry run removes nothing").isEqualTo(6);

    assertThat(run("audit", "prune", "--older-than", "30", "--apply")).isZero();
    assertThat(out.toString()).contains("removed 5 audit records");

    var left = log.query(ACME, new AuditLog.AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), 1, 100)).items();
    assertThat(left).extracting(r -> r.event().action()).containsExactly(AuditAction.AUDIT_PRUNE, AuditAction.SECRET_READ);
    assertThat(left.get(0).event().actor()).isEqualTo("admin");
    assertThat(left.get(0).event().requestId()).isEqualTo("cli");
    assertThat(left.get(0).event().detail()).contains("5 records removed through sequence 5").contains("chain anchored at hash");
    assertThat(log.verify(ACME).valid()).isTrue();
  }

  @Test
  void an_age_below_thirty_days_is_refused_before_anything_is_touched() {
    assertThat(run("audit", "prune", "--older-than", "29", "--apply")).isEqualTo(Cli.CONFIG_ERROR);
    assertThat(run("audit", "prune", "--older-than", "0", "--apply")).isEqualTo(Cli.CONFIG_ERROR);
  }
}
