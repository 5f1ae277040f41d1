package dev.portcullis.domain.audit;

import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * One audited attempt: who, in which tenant, did what to which target, with what outcome, from
 * where and when. Never carries a secret value.
 */
public record AuditEvent(
    TenantId tenant, String actor, AuditAction action, String target, AuditOutcome outcome,
    String requestId, String clientAddress, Instant at) {
  public AuditEvent {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(at, "at");
    actor = Objects.requireNonNullElse(actor, "");
    target = Objects.requireNonNullElse(target, "");
    requestId = Objects.requireNonNullElse(requestId, "");
    clientAddress = Objects.requireNonNullElse(clientAddress, "");
  }
}
