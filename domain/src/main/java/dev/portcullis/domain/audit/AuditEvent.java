package dev.portcullis.domain.audit;

import dev.portcullis.domain.shared.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * One audited attempt: who, in which tenant, did what to which target, with what outcome, from
 * where and when. Never carries a secret value.
 *
 * @param actor the credential that acted: {@code admin}, {@code client:<id>}, {@code api-key:<id>}, {@code session:<sid>}
 * @param subject who that credential speaks for, when it is someone else than the credential itself (an
 *     API key's or a session's subject — chosen by whoever created it, so never the actor)
 * @param detail what else an operator needs (a count, the tenant a denied attempt aimed at, a reason), never a value
 */
public record AuditEvent(
    TenantId tenant, String actor, AuditAction action, String target, AuditOutcome outcome,
    String requestId, String clientAddress, Instant at, String subject, String detail) {
  public AuditEvent(TenantId tenant, String actor, AuditAction action, String target, AuditOutcome outcome, String requestId, String clientAddress,
                    Instant at) {
    this(tenant, actor, action, target, outcome, requestId, clientAddress, at, "", "");
  }

  public AuditEvent {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(at, "at");
    actor = Objects.requireNonNullElse(actor, "");
    target = Objects.requireNonNullElse(target, "");
    requestId = Objects.requireNonNullElse(requestId, "");
    clientAddress = Objects.requireNonNullElse(clientAddress, "");
    subject = Objects.requireNonNullElse(subject, "");
    detail = Objects.requireNonNullElse(detail, "");
  }
}
