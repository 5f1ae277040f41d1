package dev.portcullis.adapter.postgres.audit;

import dev.portcullis.adapter.postgres.PgConnections;
import dev.portcullis.adapter.postgres.PgTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.application.audit.port.out.AuditLog;
import dev.portcullis.application.audit.port.out.AuditLogContract;
import dev.portcullis.domain.audit.AuditAction;
import dev.portcullis.domain.shared.TenantId;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PgAuditLogIT implements AuditLogContract {
  private final PgConnections connections = PgTestDatabase.connections();
  private final PgAuditLog log = new PgAuditLog(connections);

  @Override
  public AuditLog log() {
    return log;
  }

  @Test
  void editing_a_stored_record_is_detected_by_verify() {
    TenantId tenant = tenant("tamper");
    for (int i = 0; i < 3; i++) {
      log.append(AuditLogContract.event(tenant, AuditAction.SECRET_READ, Instant.parse("2026-11-23T10:00:00Z")));
    }

    connections.pool().preparedQuery("UPDATE audit_log SET actor = 'someone-else' WHERE tenant = $1 AND sequence = 2")
        .execute(Tuple.of(tenant.value())).await(); // as the owner: what an attacker with DB access could do

    assertThat(log.verify(tenant).firstBrokenSequence()).hasValue(2L);
  }

  @Test
  void deleting_a_stored_record_is_detected_by_verify() {
    TenantId tenant = tenant("gone");
    for (int i = 0; i < 3; i++) {
      log.append(AuditLogContract.event(tenant, AuditAction.SECRET_READ, Instant.parse("2026-11-23T10:00:00Z")));
    }

    connections.pool().preparedQuery("DELETE FROM audit_log WHERE tenant = $1 AND sequence = 2").execute(Tuple.of(tenant.value())).await();

    assertThat(log.verify(tenant).valid()).isFalse();
  }
}
